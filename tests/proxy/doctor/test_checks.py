"""garde-ia doctor's checks: all pass on a set-up device, and each fails when its condition is broken."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from proxy.charter.gate import current_acknowledgement
from proxy.config.device import device_id
from proxy.config.policy import load_policy
from proxy.doctor.checks import (
    DoctorSettings,
    _Shared,
    check_ca_trusted,
    check_canary,
    check_charter,
    check_clock,
    check_database,
    check_pac,
    check_proxy_running,
    protection_effective,
    run_checks,
)
from proxy.storage import UsageLog
from proxy.storage.acknowledgements import acknowledge
from proxy.storage.engine import read_transaction
from proxy.usage.events import UsageRecord
from tests.support.net import free_port
from tests.support.system import certutil, garde_ia, local_pages, nicknames, start_guard


@dataclass
class Device:
    home: Path
    settings: DoctorSettings


@pytest.fixture
def device(garde_ia_home: Path, tmp_path: Path) -> Iterator[Device]:
    """A device after ``garde-ia setup``, its local pages running and the charter acknowledged."""
    user_home = tmp_path / "volunteer"
    user_home.mkdir()
    proxy_port = free_port()
    done = garde_ia(
        ["setup", "--no-system-store", "--proxy-port", str(proxy_port)], garde_ia_home, user_home
    )
    assert done.returncode == 0, done.stderr
    log = UsageLog.open()
    acknowledge(log.engine, device_id(), load_policy().charter.version)
    log.close()
    with local_pages(proxy_port) as pages_url:
        yield Device(
            garde_ia_home,
            DoctorSettings(
                proxy_url=f"http://127.0.0.1:{proxy_port}",
                pac_url=f"{pages_url}/proxy.pac",
                user_home=user_home,
            ),
        )


def test_healthy_device_then_guard_stopped(device: Device) -> None:
    port = int(device.settings.proxy_url.rsplit(":", 1)[1])
    guard = start_guard(device.home, port)
    try:
        results = run_checks(device.settings)
        assert [r.status for r in results] == ["ok"] * 7, results
        assert protection_effective(results)
    finally:
        guard.stop()
    by_title = {r.title: r for r in run_checks(device.settings)}
    assert (
        by_title["Garde-fou actif"].status == "fail"
        and "garde-ia run" in by_title["Garde-fou actif"].fix
    )
    assert by_title["Demande test interdite par la charte"].status == "fail"
    assert not protection_effective(list(by_title.values()))


def test_guard_that_lets_the_canary_through_fails(device: Device) -> None:
    class LetsEverythingThrough(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            self.send_response(200)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

    server = ThreadingHTTPServer(("127.0.0.1", 0), LetsEverythingThrough)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = replace(
            device.settings, proxy_url=f"http://127.0.0.1:{server.server_address[1]}"
        )
        assert check_proxy_running(settings).status == "ok"
        result = check_canary(settings)
    finally:
        server.shutdown()
        server.server_close()
    assert result.status == "fail" and "la protection ne fonctionne pas" in result.detail


def test_ca_removed_from_a_browser_fails(device: Device) -> None:
    assert check_ca_trusted(device.settings).status == "ok"
    nssdb = device.settings.user_home / ".pki" / "nssdb"
    nickname = next(name for name in nicknames(nssdb) if name.startswith("garde-ia"))
    assert certutil("-D", "-d", f"sql:{nssdb}", "-n", nickname).returncode == 0
    result = check_ca_trusted(device.settings)
    assert (
        result.status == "fail" and "Chromium" in result.detail and "garde-ia setup" in result.fix
    )


def test_ca_missing_fails(device: Device) -> None:
    assert garde_ia(["setup", "--undo"], device.home, device.settings.user_home).returncode == 0
    result = check_ca_trusted(device.settings)
    assert result.status == "fail" and "garde-ia setup" in result.fix


def test_pac_not_served_missing_or_pointing_elsewhere_fails(device: Device) -> None:
    assert check_pac(device.settings).status == "ok"
    nobody = replace(device.settings, pac_url=f"http://127.0.0.1:{free_port()}/proxy.pac")
    assert check_pac(nobody).status == "fail" and "garde-ia serve" in check_pac(nobody).fix
    elsewhere = replace(device.settings, proxy_url="http://127.0.0.1:1")
    assert check_pac(elsewhere).status == "fail"
    (device.home / "proxy.pac").unlink()
    missing = check_pac(device.settings)
    assert missing.status == "fail" and "404" in missing.detail


def test_unwritable_database_fails(device: Device) -> None:
    assert check_database(device.settings, _Shared()).status == "ok"
    unreachable = replace(
        device.settings, db_url=f"postgresql://garde@127.0.0.1:{free_port()}/journal"
    )
    result = check_database(unreachable, _Shared())
    assert result.status == "fail" and "GARDE_IA_DB" in result.fix
    assert check_charter(unreachable, _Shared()).status == "fail"


def test_database_write_check_leaves_no_trace(device: Device) -> None:
    log = UsageLog.open()

    def sightings() -> int:
        with read_transaction(log.engine) as connection:
            return int(
                connection.exec_driver_sql("select count(*) from ai_host_sightings").scalar() or 0
            )

    before = sightings()
    assert check_database(device.settings, _Shared()).status == "ok"
    assert sightings() == before
    log.close()


def test_charter_not_acknowledged_or_new_version_fails(device: Device, tmp_path: Path) -> None:
    assert check_charter(device.settings, _Shared()).status == "ok"
    new_version = tmp_path / "politique.toml"
    new_version.write_text('[charter]\nversion = "2026-10"\n', encoding="utf-8")
    result = check_charter(replace(device.settings, policy_path=new_version), _Shared())
    assert (
        result.status == "fail"
        and "2026-10" in result.detail
        and "garde-ia charter accept" in result.fix
    )
    log = UsageLog.open()
    assert current_acknowledgement(log.engine, load_policy()) is not None
    log.close()


def test_implausible_clock_fails(device: Device) -> None:
    assert check_clock(device.settings, _Shared()).status == "ok"
    assert (
        check_clock(
            replace(device.settings, now=lambda: datetime(2019, 6, 1, tzinfo=UTC)), _Shared()
        ).status
        == "fail"
    )
    after_ca = check_clock(
        replace(device.settings, now=lambda: datetime(2045, 1, 1, tzinfo=UTC)), _Shared()
    )
    assert after_ca.status == "fail" and "certificat" in after_ca.detail


def test_clock_behind_the_usage_log_fails(device: Device) -> None:
    log = UsageLog.open()
    log.record(
        UsageRecord(
            "chatgpt",
            "chatgpt.com",
            "prompt",
            "allow",
            occurred_at=datetime.now(UTC) + timedelta(hours=3),
        )
    )
    log.close()
    result = check_clock(device.settings, _Shared())
    assert result.status == "fail" and "reculé" in result.detail


def test_doctor_command_exits_non_zero_with_french_fixes(device: Device) -> None:
    done = garde_ia(
        [
            "doctor",
            "--proxy",
            device.settings.proxy_url,
            "--pac-url",
            device.settings.pac_url or "",
        ],
        device.home,
        device.settings.user_home,
    )
    assert done.returncode == 1
    assert "✗ Garde-fou actif" in done.stdout and "→ À faire : démarrez garde-ia" in done.stdout
    assert (
        "✓ Fichier PAC" in done.stdout
        and "✓ Certificat de garde-ia dans les navigateurs" in done.stdout
    )
    assert "la protection n'est pas complète" in done.stderr
