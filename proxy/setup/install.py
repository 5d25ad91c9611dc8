"""Do and undo the set-up: the CA, the trust stores, the PAC file, each step recorded as it happens.

Each change is written to the record right after it succeeds, so an interrupted setup can still be
undone. A step that fails does not stop the others: the volunteer gets the list of what worked and
what to do for the rest.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from proxy.config.catalog import Catalog, load_catalog
from proxy.config.watchlist import WatchList
from proxy.setup import nss
from proxy.setup.ca import DeviceCA, delete_device_ca, ensure_device_ca
from proxy.setup.pac import pac_file, pac_url, render_pac, write_pac
from proxy.setup.record import (
    CaEntry,
    NssEntry,
    SetupRecord,
    SystemEntry,
    load_record,
    save_record,
)
from proxy.setup.system_store import (
    SystemStore,
    SystemStoreError,
    detect_system_store,
    has_admin_rights,
)
from proxy.usage.events import utc_now

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SetupOptions:
    """What ``garde-ia setup`` was asked to do."""

    user_home: Path
    proxy_address: str = "127.0.0.1:8080"
    pages_port: int = 8799
    system_store: bool = True
    confdir: Path | None = None
    catalog: Catalog | None = None
    watchlist: WatchList | None = (
        None  # AI tools outside the catalog, counted (the policy's [watch])
    )
    forbidden: WatchList | None = None  # those of them the policy forbids: no DIRECT fallback


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the report shown to the volunteer (French)."""

    ok: bool
    message: str


class _Recorder:
    """Holds the record being built and saves it after every change."""

    def __init__(self, record: SetupRecord) -> None:
        self.record = record

    def update(self, **changes: object) -> None:
        self.record = self.record.model_copy(update={**changes, "updated_at": utc_now()})
        save_record(self.record)


def _start_record() -> SetupRecord:
    return load_record() or SetupRecord(updated_at=utc_now())


def _forget_previous_ca(recorder: _Recorder, ca: DeviceCA, steps: list[Step]) -> None:
    """A CA made again (home deleted by hand): take the old one out of the browsers first."""
    kept: list[NssEntry] = []
    for entry in recorder.record.nss:
        if entry.nickname == ca.nickname:
            kept.append(entry)
            continue
        try:
            nss.remove_ca(nss.NssDatabase(entry.browser, entry.directory), entry.nickname)
            steps.append(Step(True, f"Ancien certificat garde-ia retiré de {entry.browser}."))
        except nss.NssError as error:
            kept.append(entry)
            steps.append(Step(False, f"{entry.browser} : {error}."))
    recorder.update(nss=tuple(kept))


def _trust_in_browsers(
    recorder: _Recorder, ca: DeviceCA, user_home: Path, steps: list[Step]
) -> None:
    databases = nss.find_databases(user_home)
    if not databases:
        steps.append(
            Step(
                False,
                "Aucun navigateur Chromium, Chrome, Edge ou Firefox trouvé pour cet utilisateur.",
            )
        )
    for database in databases:
        previous = next((e for e in recorder.record.nss if e.directory == database.directory), None)
        try:
            if nss.trusts(database, ca.nickname, ca.certificate_pem):
                steps.append(Step(True, f"{database.browser} fait déjà confiance à garde-ia."))
                continue
            created = False
            if not database.exists:  # Chromium's shared database, before the browser's first run
                nss.create_database(database)
                created = True
            nss.add_ca(database, ca.nickname, ca.certificate_path)
        except nss.NssError as error:
            steps.append(Step(False, f"{database.browser} : {error}."))
            continue
        entry = NssEntry(
            browser=database.browser,
            directory=database.directory,
            nickname=ca.nickname,
            created_database=created or (previous is not None and previous.created_database),
        )
        others = tuple(e for e in recorder.record.nss if e.directory != database.directory)
        recorder.update(nss=(*others, entry))
        steps.append(
            Step(True, f"{database.browser} fait maintenant confiance au certificat de garde-ia.")
        )


def _trust_in_system(recorder: _Recorder, ca: DeviceCA, wanted: bool, steps: list[Step]) -> None:
    if not wanted:
        return
    if not has_admin_rights():
        steps.append(
            Step(
                True,
                "Magasin de certificats du système non modifié (il faut les droits "
                "d'administration ; les navigateurs n'en ont pas besoin sous Linux).",
            )
        )
        return
    store = detect_system_store()
    if store is None:
        steps.append(
            Step(
                False,
                "Magasin de certificats du système inconnu sur cette distribution : non modifié.",
            )
        )
        return
    try:
        anchor = store.install(ca.certificate_path, ca.fingerprint_sha256)
    except (SystemStoreError, OSError) as error:
        steps.append(Step(False, f"Magasin du système : {error}."))
        return
    others = tuple(e for e in recorder.record.system if e.anchor != anchor)
    recorder.update(system=(*others, SystemEntry(anchor=anchor, refresh=store.refresh)))
    steps.append(Step(True, f"Certificat ajouté au magasin du système ({anchor})."))


def run_setup(options: SetupOptions) -> tuple[SetupRecord, list[Step]]:
    """Create the CA, trust it where garde-ia can, write the PAC file; record every change."""
    steps: list[Step] = []
    recorder = _Recorder(_start_record())
    ca = ensure_device_ca(options.confdir)
    previous = recorder.record.ca
    created = ca.created or (
        previous is not None
        and previous.created
        and previous.fingerprint_sha256 == ca.fingerprint_sha256
    )
    recorder.update(
        ca=CaEntry(confdir=ca.confdir, fingerprint_sha256=ca.fingerprint_sha256, created=created)
    )
    steps.append(
        Step(
            True,
            (
                "Certificat de cet appareil créé"
                if ca.created
                else "Certificat de cet appareil trouvé"
            )
            + f" (empreinte SHA-256 {ca.fingerprint_sha256[:16]}…, clé lisible par vous seul·e).",
        )
    )
    _forget_previous_ca(recorder, ca, steps)
    _trust_in_browsers(recorder, ca, options.user_home, steps)
    _trust_in_system(recorder, ca, options.system_store, steps)
    catalog = options.catalog or load_catalog()
    path = pac_file()
    write_pac(
        path, render_pac(catalog, options.proxy_address, options.watchlist, options.forbidden)
    )
    recorder.update(
        pac_file=path, pac_url=pac_url(options.pages_port), proxy_address=options.proxy_address
    )
    steps.append(
        Step(
            True,
            f"Fichier PAC écrit ({path}) : seuls les {len(catalog.tools)} outils d'IA du "
            "catalogue passent par garde-ia.",
        )
    )
    return recorder.record, steps


def _undo_nss(recorder: _Recorder, steps: list[Step]) -> None:
    kept: list[NssEntry] = []
    for entry in recorder.record.nss:
        database = nss.NssDatabase(entry.browser, entry.directory)
        try:
            removed = nss.remove_ca(database, entry.nickname)
            if entry.created_database and database.exists and nss.certificate_count(database) == 0:
                nss.delete_database(database)
        except nss.NssError as error:
            kept.append(entry)
            steps.append(Step(False, f"{entry.browser} : {error}."))
            continue
        steps.append(
            Step(
                True,
                f"Certificat garde-ia retiré de {entry.browser}."
                if removed
                else f"{entry.browser} : le certificat n'y était déjà plus.",
            )
        )
    recorder.update(nss=tuple(kept))


def _undo_system(recorder: _Recorder, steps: list[Step]) -> None:
    kept: list[SystemEntry] = []
    for entry in recorder.record.system:
        try:
            SystemStore(entry.anchor.parent, entry.refresh).remove(entry.anchor)
        except (SystemStoreError, OSError) as error:
            kept.append(entry)
            steps.append(
                Step(
                    False,
                    f"Magasin du système : {error} (relancez avec les droits d'administration).",
                )
            )
            continue
        steps.append(Step(True, "Certificat retiré du magasin du système."))
    recorder.update(system=tuple(kept))


def run_undo() -> tuple[SetupRecord | None, list[Step]]:
    """Remove what setup recorded: trust entries, PAC file, then the CA and its key."""
    record = load_record()
    if record is None:
        return None, [
            Step(True, "Rien à défaire : garde-ia setup n'a rien modifié sur cet appareil.")
        ]
    steps: list[Step] = []
    recorder = _Recorder(record)
    _undo_nss(recorder, steps)
    _undo_system(recorder, steps)
    if recorder.record.pac_file is not None:
        recorder.record.pac_file.unlink(missing_ok=True)
        recorder.update(pac_file=None)
        steps.append(
            Step(
                True,
                "Fichier PAC supprimé : retirez aussi l'adresse PAC des réglages du navigateur.",
            )
        )
    ca = recorder.record.ca
    if ca is not None and not recorder.record.nss and not recorder.record.system:
        delete_device_ca(ca.confdir)
        recorder.update(ca=None)
        steps.append(Step(True, "Certificat et clé de cet appareil supprimés."))
    elif ca is not None:
        steps.append(
            Step(False, "Certificat de l'appareil conservé tant qu'un magasin le contient encore.")
        )
    return recorder.record, steps
