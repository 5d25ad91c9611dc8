"""garde-ia setup and setup --undo, as real processes, on throw-away NSS databases (certutil)."""

import json
import stat
from pathlib import Path

import pytest

from tests.support.system import (
    certutil,
    garde_ia,
    make_pki,
    new_nss_db,
    nicknames,
    valid_as_site_ca,
)


@pytest.fixture
def user_home(tmp_path: Path) -> Path:
    home = tmp_path / "volunteer"
    home.mkdir()
    return home


@pytest.fixture
def firefox_profile(user_home: Path, tmp_path: Path) -> Path:
    """A Firefox profile that already trusts another authority (which undo must leave alone)."""
    profile = new_nss_db(user_home / ".mozilla" / "firefox" / "abcd1234.default-release")
    other = make_pki(
        tmp_path / "other", ["autre.example"], label="Autorite d'une autre application"
    )
    assert (
        certutil(
            "-A",
            "-d",
            f"sql:{profile}",
            "-n",
            "autre application",
            "-t",
            "C,,",
            "-i",
            str(other.ca),
        ).returncode
        == 0
    )
    return profile


def our_nickname(home: Path) -> str:
    record = json.loads((home / "setup-record.json").read_text())
    nickname: str = record["nss"][0]["nickname"]
    return nickname


def test_setup_then_undo_leaves_the_stores_as_they_were(
    garde_ia_home: Path, user_home: Path, firefox_profile: Path
) -> None:
    chromium_db = user_home / ".pki" / "nssdb"
    assert not chromium_db.exists()

    done = garde_ia(["setup", "--no-system-store"], garde_ia_home, user_home)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "proxy.pac" in done.stdout and "Firefox" in done.stdout

    confdir = garde_ia_home / "mitmproxy"
    assert stat.S_IMODE((confdir / "mitmproxy-ca.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((confdir / "mitmproxy-ca.p12").stat().st_mode) == 0o600
    assert stat.S_IMODE(confdir.stat().st_mode) == 0o700
    nickname = our_nickname(garde_ia_home)
    for database in (chromium_db, firefox_profile):
        assert valid_as_site_ca(database, nickname), database
    assert "PROXY 127.0.0.1:8080" in (garde_ia_home / "proxy.pac").read_text()

    again = garde_ia(["setup", "--no-system-store"], garde_ia_home, user_home)
    assert again.returncode == 0, again.stderr
    assert "déjà confiance" in again.stdout
    assert nicknames(firefox_profile).count(nickname) == 1
    assert len(json.loads((garde_ia_home / "setup-record.json").read_text())["nss"]) == 2

    undone = garde_ia(["setup", "--undo"], garde_ia_home, user_home)
    assert undone.returncode == 0, undone.stderr + undone.stdout
    assert nicknames(firefox_profile) == ["autre application"]
    assert (
        not chromium_db.exists() and not (user_home / ".pki").exists()
    )  # created by setup, empty again
    assert not (garde_ia_home / "setup-record.json").exists()
    assert not (garde_ia_home / "proxy.pac").exists()
    assert not confdir.exists()

    nothing = garde_ia(["setup", "--undo"], garde_ia_home, user_home)
    assert nothing.returncode == 0 and "Rien à défaire" in nothing.stdout


def test_undo_keeps_a_chromium_database_that_existed_before(
    garde_ia_home: Path, user_home: Path, tmp_path: Path
) -> None:
    chromium_db = new_nss_db(user_home / ".pki" / "nssdb")
    assert garde_ia(["setup", "--no-system-store"], garde_ia_home, user_home).returncode == 0
    assert valid_as_site_ca(chromium_db, our_nickname(garde_ia_home))
    assert garde_ia(["setup", "--undo"], garde_ia_home, user_home).returncode == 0
    assert (chromium_db / "cert9.db").exists() and nicknames(chromium_db) == []


def test_each_device_gets_its_own_ca(tmp_path: Path, user_home: Path) -> None:
    prints = []
    for device in ("laptop-a", "laptop-b"):
        home = tmp_path / device
        assert garde_ia(["setup", "--no-system-store"], home, user_home).returncode == 0
        prints.append(
            json.loads((home / "setup-record.json").read_text())["ca"]["fingerprint_sha256"]
        )
    assert prints[0] != prints[1]


def test_a_damaged_record_stops_the_undo_with_a_french_message(
    garde_ia_home: Path, user_home: Path
) -> None:
    garde_ia_home.mkdir(parents=True)
    (garde_ia_home / "setup-record.json").write_text("{ pas du json")
    done = garde_ia(["setup", "--undo"], garde_ia_home, user_home)
    assert done.returncode != 0 and "Rien n'a été défait" in done.stderr


def test_missing_certutil_is_reported_with_the_package_to_install(
    garde_ia_home: Path, user_home: Path, tmp_path: Path
) -> None:
    new_nss_db(user_home / ".pki" / "nssdb")
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    done = garde_ia(["setup", "--no-system-store"], garde_ia_home, user_home, PATH=str(empty_path))
    assert done.returncode == 1
    assert "libnss3-tools" in done.stderr
