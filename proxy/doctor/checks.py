"""``garde-ia doctor``'s checks: is protection effective on this device, and if not, what to do.

Each check answers in French with a clear fix. Protection is effective only when none fails:
the guard answers, the browsers trust this device's CA, the PAC is served and routes AI tools to
the guard, a canary prompt is blocked, the usage log accepts writes, the charter is acknowledged
and the clock is plausible (certificates and the log depend on it). Checks read, never change
anything (the database check rolls its write back).
"""

import logging
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from sqlalchemy import Engine

logger = logging.getLogger(__name__)

Status = Literal["ok", "warn", "fail"]
# No correct clock can be earlier than this release; a dead CMOS battery often resets to 2000-2020.
EARLIEST_PLAUSIBLE = datetime(2026, 1, 1, tzinfo=UTC)
CLOCK_TOLERANCE = timedelta(minutes=5)
PAC_TIMEOUT_SECONDS = 3.0
PROXY_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One verdict: what was checked, what was found, what to do."""

    title: str
    status: Status
    detail: str
    fix: str = ""


@dataclass(frozen=True, slots=True)
class DoctorSettings:
    """Where to look (``garde-ia doctor``'s options; tests point them at broken set-ups)."""

    proxy_url: str = "http://127.0.0.1:8080"
    pac_url: str | None = None  # None: the address setup recorded, else the default local pages'
    db_url: str | None = None
    policy_path: Path | None = None
    user_home: Path = field(default_factory=Path.home)
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


@dataclass
class _Shared:
    """What several checks reuse (one database connection per doctor run)."""

    engine: Engine | None = None
    engine_error: str = ""


def _proxy_address(settings: DoctorSettings) -> tuple[str, int]:
    parts = urlsplit(settings.proxy_url)
    return parts.hostname or "127.0.0.1", parts.port or 8080


def check_proxy_running(settings: DoctorSettings) -> CheckResult:
    """The guard accepts connections on its port."""
    host, port = _proxy_address(settings)
    try:
        with socket.create_connection((host, port), timeout=PROXY_TIMEOUT_SECONDS):
            return CheckResult("Garde-fou actif", "ok", f"garde-ia répond sur {host}:{port}.")
    except OSError:
        return CheckResult(
            "Garde-fou actif",
            "fail",
            f"rien ne répond sur {host}:{port} : les outils d'IA sont injoignables "
            "(ou non protégés si le navigateur n'utilise pas le fichier PAC).",
            "démarrez garde-ia (l'icône garde-ia, ou « garde-ia run » dans un terminal).",
        )


def check_ca_trusted(settings: DoctorSettings) -> CheckResult:
    """Every browser database found trusts this device's CA (Linux: NSS)."""
    from proxy.setup import nss
    from proxy.setup.ca import existing_device_ca

    title = "Certificat de garde-ia dans les navigateurs"
    ca = existing_device_ca()
    if ca is None:
        return CheckResult(
            title,
            "fail",
            "cet appareil n'a pas encore son certificat garde-ia.",
            "lancez « garde-ia setup ».",
        )
    if not sys.platform.startswith("linux"):
        return CheckResult(
            title,
            "warn",
            "vérification automatique possible sous Linux seulement.",
            "vérifiez à la main que « garde-ia » figure parmi les autorités de confiance (README).",
        )
    databases = [db for db in nss.find_databases(settings.user_home) if db.exists]
    if not databases:
        return CheckResult(
            title,
            "warn",
            "aucun navigateur Chromium, Chrome, Edge ou Firefox trouvé pour cet utilisateur.",
            "après avoir installé ou ouvert un navigateur, relancez « garde-ia setup ».",
        )
    try:
        missing = [
            db.browser for db in databases if not nss.trusts(db, ca.nickname, ca.certificate_pem)
        ]
    except nss.NssError as error:
        return CheckResult(
            title, "fail", str(error), "installez libnss3-tools puis relancez « garde-ia doctor »."
        )
    if missing:
        return CheckResult(
            title,
            "fail",
            "ne fait pas confiance au certificat de cet appareil : "
            + ", ".join(missing)
            + " (ces navigateurs refuseront les outils d'IA).",
            "lancez « garde-ia setup » (fermez Firefox avant).",
        )
    return CheckResult(
        title, "ok", "certificat reconnu par " + ", ".join(db.browser for db in databases) + "."
    )


def _pac_url(settings: DoctorSettings) -> str:
    if settings.pac_url:
        return settings.pac_url
    from proxy.config.local_addresses import DEFAULT_PORT
    from proxy.setup.pac import pac_url
    from proxy.setup.record import SetupRecordError, load_record

    try:
        record = load_record()
    except SetupRecordError:
        record = None
    return (record.pac_url if record else None) or pac_url(DEFAULT_PORT)


def check_pac(settings: DoctorSettings) -> CheckResult:
    """The PAC is served and sends AI tools to this guard."""
    title = "Fichier PAC (routage vers garde-ia)"
    url = _pac_url(settings)
    host, port = _proxy_address(settings)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=PAC_TIMEOUT_SECONDS) as response:
            script = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return CheckResult(
            title,
            "fail",
            f"{url} répond « {error.code} » : le fichier PAC n'existe pas.",
            "lancez « garde-ia setup ».",
        )
    except (urllib.error.URLError, OSError) as error:
        return CheckResult(
            title,
            "fail",
            f"{url} ne répond pas ({getattr(error, 'reason', error)}) : "
            "Chrome et Edge iront alors directement sur les outils d'IA, sans protection.",
            "démarrez les pages locales de garde-ia (l'icône garde-ia, ou « garde-ia serve »).",
        )
    if "FindProxyForURL" not in script or f"PROXY {host}:{port}" not in script:
        return CheckResult(
            title,
            "fail",
            f"{url} n'envoie pas les outils d'IA vers {host}:{port}.",
            f"relancez « garde-ia setup --proxy-port {port} ».",
        )
    return CheckResult(
        title, "ok", f"{url} envoie les outils d'IA vers garde-ia, le reste en direct."
    )


def check_canary(settings: DoctorSettings) -> CheckResult:
    """A prompt the charter forbids is stopped by the running guard."""
    from proxy.doctor.canary import send_canary

    blocked, detail = send_canary(settings.proxy_url, timeout=30.0)
    title = "Demande test interdite par la charte"
    if blocked:
        return CheckResult(title, "ok", "arrêtée par garde-ia, rien n'est parti.")
    return CheckResult(
        title,
        "fail",
        detail + ".",
        "redémarrez garde-ia ; si cela persiste, contactez votre référent·e numérique.",
    )


def _engine(settings: DoctorSettings, shared: _Shared) -> Engine | None:
    if shared.engine is None and not shared.engine_error:
        from proxy.storage import UsageLog

        try:
            shared.engine = UsageLog.open(settings.db_url).engine
        except Exception as error:  # any failure means "not usable", reported in French
            shared.engine_error = error.__class__.__name__
    return shared.engine


def check_database(settings: DoctorSettings, shared: _Shared) -> CheckResult:
    """The usage log accepts a write (rolled back at once)."""
    from sqlalchemy import insert

    from proxy.storage.models import AiHostSighting, table_of

    title = "Journal d'usage"
    fix = (
        "vérifiez l'adresse du journal (--db ou GARDE_IA_DB) et les droits sur le fichier ou la base ; "
        "en cas de serveur PostgreSQL partagé, qu'il est joignable."
    )
    engine = _engine(settings, shared)
    if engine is None:
        return CheckResult(title, "fail", f"journal inaccessible ({shared.engine_error}).", fix)
    now = settings.now()
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(
                insert(table_of(AiHostSighting)).values(
                    day=now.date(),
                    host="doctor.garde-ia.invalid",
                    device_id="",
                    tool_name="",
                    sightings=0,
                )
            )
            transaction.rollback()
    except Exception as error:  # any failure: the write is not possible
        return CheckResult(title, "fail", f"écriture impossible ({error.__class__.__name__}).", fix)
    return CheckResult(title, "ok", f"écriture possible ({engine.dialect.name}).")


def check_charter(settings: DoctorSettings, shared: _Shared) -> CheckResult:
    """This device acknowledged the current version of the organisation's charter."""
    from anonymizer.errors import PolicyError
    from proxy.charter.gate import current_acknowledgement
    from proxy.config.policy import load_policy

    title = "Charte IA de l'association"
    try:
        policy = load_policy(settings.policy_path)
    except PolicyError as error:
        return CheckResult(
            title,
            "fail",
            str(error),
            "corrigez le fichier de politique ou son adresse (GARDE_IA_POLICY_URL).",
        )
    engine = _engine(settings, shared)
    if engine is None:
        return CheckResult(
            title,
            "fail",
            "impossible de le vérifier : journal inaccessible.",
            "réglez d'abord le problème du journal d'usage.",
        )
    charter = policy.charter
    if current_acknowledgement(engine, policy) is None:
        return CheckResult(
            title,
            "fail",
            f"« {charter.title} », version {charter.version}, pas encore confirmée "
            "sur cet appareil : les outils d'IA affichent la charte au lieu de répondre.",
            "lisez-la et confirmez-la : « garde-ia charter accept » ou la page locale /charte.",
        )
    return CheckResult(title, "ok", f"version {charter.version} confirmée sur cet appareil.")


def check_clock(settings: DoctorSettings, shared: _Shared) -> CheckResult:
    """The clock is plausible: after this release, inside the CA's validity, not behind the log."""
    from sqlalchemy import func, select

    from proxy.setup.ca import existing_device_ca
    from proxy.storage.engine import read_transaction
    from proxy.storage.models import UsageEvent

    title = "Heure de l'ordinateur"
    fix = "réglez la date et l'heure en mode automatique (Paramètres → Date et heure)."
    now = settings.now()
    if now < EARLIEST_PLAUSIBLE:
        return CheckResult(
            title,
            "fail",
            f"l'ordinateur indique le {now:%d/%m/%Y}, une date impossible : "
            "les certificats seront refusés.",
            fix,
        )
    ca = existing_device_ca()
    if ca is not None:
        from cryptography import x509

        certificate = x509.load_pem_x509_certificate(ca.certificate_pem)
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            return CheckResult(
                title,
                "fail",
                f"le {now:%d/%m/%Y} est hors de la validité du certificat de garde-ia "
                f"({certificate.not_valid_before_utc:%d/%m/%Y} – {certificate.not_valid_after_utc:%d/%m/%Y}).",
                fix + " Si l'heure est juste : « garde-ia setup --undo » puis « garde-ia setup ».",
            )
    engine = _engine(settings, shared)
    if engine is not None:
        with read_transaction(engine) as connection:
            latest = connection.execute(select(func.max(UsageEvent.occurred_at))).scalar()
        if latest is not None and latest.astimezone(UTC) > now + CLOCK_TOLERANCE:
            return CheckResult(
                title,
                "fail",
                "l'heure a reculé : le journal contient des usages datés "
                f"du {latest.astimezone():%d/%m/%Y %H:%M}, plus tard que maintenant.",
                fix,
            )
    return CheckResult(title, "ok", f"{now.astimezone():%d/%m/%Y %H:%M}, plausible.")


def run_checks(settings: DoctorSettings) -> list[CheckResult]:
    """Every check, in the order a volunteer would fix them."""
    shared = _Shared()
    try:
        return [
            check_proxy_running(settings),
            check_ca_trusted(settings),
            check_pac(settings),
            check_canary(settings),
            check_database(settings, shared),
            check_charter(settings, shared),
            check_clock(settings, shared),
        ]
    finally:
        if shared.engine is not None:
            shared.engine.dispose()


def protection_effective(results: list[CheckResult]) -> bool:
    """Whether nothing failed (warnings are things doctor could not verify)."""
    return all(result.status != "fail" for result in results)
