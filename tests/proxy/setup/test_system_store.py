"""The system trust store, changed and restored with Debian's real update-ca-certificates on throw-away folders."""

import shutil
from pathlib import Path

import pytest

from proxy.setup.install import run_undo
from proxy.setup.record import SetupRecord, SystemEntry, load_record, save_record
from proxy.setup.system_store import SystemStore
from proxy.usage.events import utc_now
from tests.support.system import make_pki

pytestmark = pytest.mark.skipif(
    shutil.which("update-ca-certificates") is None, reason="Debian's ca-certificates"
)


@pytest.fixture
def store(tmp_path: Path) -> tuple[SystemStore, Path]:
    """A store laid out like Debian's, with one certificate of the distribution already trusted."""
    certs, local, etc, hooks = (
        tmp_path / name for name in ("share", "local", "etc-ssl-certs", "hooks")
    )
    for folder in (certs / "autre", local, etc, hooks):
        folder.mkdir(parents=True)
    shutil.copyfile(
        make_pki(tmp_path / "distribution", ["autre.example"], "Autre AC").ca,
        certs / "autre" / "autre.crt",
    )
    conf = tmp_path / "ca-certificates.conf"
    conf.write_text(
        "autre/autre.crt\n"
    )  # a non-empty list: no implicit --fresh, as on a real system
    command = (
        "update-ca-certificates",
        "--certsconf",
        str(conf),
        "--certsdir",
        str(certs),
        "--localcertsdir",
        str(local),
        "--etccertsdir",
        str(etc),
        "--hooksdir",
        str(hooks),
    )
    store = SystemStore(local, command)
    store._refresh()
    return store, etc


def links(folder: Path) -> dict[str, str]:
    return {p.name: str(p.readlink()) for p in folder.iterdir() if p.is_symlink()}


def test_setup_undo_leaves_no_link_behind(
    store: tuple[SystemStore, Path], tmp_path: Path, garde_ia_home: Path
) -> None:
    system, etc = store
    before = links(etc)
    assert any("autre.crt" in target for target in before.values())
    ca = make_pki(tmp_path / "device", ["garde-ia.example"], "garde-ia appareil").ca
    anchor = system.install(ca, "ab" * 32)
    added = set(links(etc)) - set(before)
    assert len(added) == 2 and f"{anchor.stem}.pem" in added  # the .pem link and its hash link
    save_record(
        SetupRecord(
            updated_at=utc_now(), system=(SystemEntry(anchor=anchor, refresh=system.refresh),)
        )
    )

    record, steps = run_undo()

    assert all(step.ok for step in steps), steps
    assert not anchor.exists() and load_record() is None and record is not None
    assert links(etc) == before  # no broken garde-ia-….pem or hash link left
    assert all((etc / name).exists() for name in links(etc))
