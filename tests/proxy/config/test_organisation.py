"""Organisation mode: the shared policy named by GARDE_IA_POLICY_URL (a path, never a download)."""

from pathlib import Path

import pytest

from anonymizer.errors import PolicyError
from proxy.config.policy import load_policy

SHARED = '[charter]\norganisation = "Les Amis du Quartier"\nversion = "2026-09"\n'


@pytest.fixture
def shared_policy(tmp_path: Path) -> Path:
    path = tmp_path / "partage" / "politique garde-ia.toml"
    path.parent.mkdir()
    path.write_text(SHARED, encoding="utf-8")
    return path


def test_shared_policy_by_path(shared_policy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GARDE_IA_POLICY_URL", str(shared_policy))
    policy = load_policy()
    assert (
        policy.charter.organisation == "Les Amis du Quartier"
        and policy.charter.version == "2026-09"
    )


def test_shared_policy_by_file_url(shared_policy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GARDE_IA_POLICY_URL", shared_policy.as_uri())
    assert load_policy().charter.organisation == "Les Amis du Quartier"


def test_an_explicit_policy_wins_over_the_shared_one(
    shared_policy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "own.toml"
    own.write_text('[charter]\norganisation = "Antenne locale"\n', encoding="utf-8")
    monkeypatch.setenv("GARDE_IA_POLICY_URL", str(shared_policy))
    assert load_policy(own).charter.organisation == "Antenne locale"


def test_unset_means_the_default_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GARDE_IA_POLICY_URL", raising=False)
    assert load_policy().charter.version == "2026-03"


@pytest.mark.parametrize(
    "url",
    ["https://asso.example/politique.toml", "http://10.0.0.2/p.toml", "file://serveur/p.toml"],
)
def test_web_addresses_are_refused_in_french(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GARDE_IA_POLICY_URL", url)
    with pytest.raises(PolicyError) as error:
        load_policy()
    assert "GARDE_IA_POLICY_URL" in str(error.value)


def test_a_missing_shared_file_stops_garde_ia(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GARDE_IA_POLICY_URL", str(tmp_path / "absent.toml"))
    with pytest.raises(PolicyError) as error:
        load_policy()
    assert "absent.toml" in str(error.value)
