"""The charter gate: until this device acknowledged the current charter version, AI tools wait.

The proxy asks :meth:`CharterGate.is_acknowledged` before checking a request to a catalogued tool;
when it is False it answers a page navigation with :meth:`CharterGate.page_html` (the charter's
summary and a link to the local acknowledgement page) and an API call with
:meth:`CharterGate.api_message`. A new charter version (``[charter] version`` in the policy) asks
again. A positive answer is cached; a negative one is read again from the database at most every
``recheck_seconds``, so the gate costs one small read per few seconds, never one per request.
"""

import html
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine

from proxy.charter_text import SUMMARY
from proxy.device import device_id
from proxy.policy import OrganisationPolicy
from proxy.storage.acknowledgements import Acknowledgement, acknowledgement_of

ACKNOWLEDGE_PATH = "/charte"


def current_acknowledgement(
    engine: Engine, policy: OrganisationPolicy, subject_id: str | None = None
) -> Acknowledgement | None:
    """This device's acknowledgement of the policy's current charter version, if any."""
    return acknowledgement_of(engine, subject_id or device_id(), policy.charter.version)


class CharterGate:
    """Says whether the current charter is acknowledged here, and renders what to show otherwise."""

    def __init__(
        self,
        policy: OrganisationPolicy,
        engine: Engine,
        pages_url: str,
        subject_id: str | None = None,
        recheck_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._policy = policy
        self._engine = engine
        self._pages_url = pages_url.rstrip("/")
        self._subject = subject_id or device_id()
        self._recheck = recheck_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._known: Acknowledgement | None = None
        self._checked_at: float | None = None

    @property
    def acknowledge_url(self) -> str:
        """The local page where the charter is read and acknowledged."""
        return self._pages_url + ACKNOWLEDGE_PATH

    def is_acknowledged(self) -> bool:
        """Whether this device acknowledged the current charter version."""
        with self._lock:
            if self._known is not None:
                return True
            now = self._clock()
            if self._checked_at is None or now - self._checked_at >= self._recheck:
                self._checked_at = now
                self._known = current_acknowledgement(self._engine, self._policy, self._subject)
            return self._known is not None

    def api_message(self) -> str:
        """The plain French error for an API client (one sentence, with the link)."""
        charter = self._policy.charter
        return (
            f"garde-ia : avant d'utiliser un outil d'IA, prenez connaissance de la charte "
            f"« {charter.title} » (version {charter.version}) et confirmez-la sur {self.acknowledge_url}"
        )

    def page_html(self, tool_name: str = "") -> str:
        """A standalone French page: the charter's summary and a link to acknowledge it."""
        charter = self._policy.charter
        esc = html.escape
        sections = "".join(
            f"<h2>{esc(s.title)}</h2><ul>" + "".join(f"<li>{esc(p)}</li>" for p in s.points) + "</ul>"
            for s in SUMMARY
        )
        about = f" avant d'utiliser {esc(tool_name)}" if tool_name else ""
        return (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            "<title>garde-ia : la charte IA de votre association</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
            "line-height:1.5;color:#222}h1{font-size:1.4rem}h2{font-size:1.05rem}"
            "a.button{display:inline-block;background:#1d5e3a;color:#fff;padding:.6rem 1rem;"
            "border-radius:.4rem;text-decoration:none}</style></head><body>"
            f"<h1>Un instant{about} : la charte IA de votre association</h1>"
            f"<p>Votre association s'est donné une charte, « {esc(charter.title)} » "
            f"(version {esc(charter.version)}). Merci d'en prendre connaissance : c'est rapide.</p>"
            f"{sections}"
            f'<p><a class="button" id="acknowledge" href="{esc(self.acknowledge_url)}">'
            "Lire la charte et confirmer</a></p>"
            "<p>Ensuite, rechargez cette page : l'outil sera accessible.</p>"
            f"<p><small>{esc(charter.title)}, version {esc(charter.version)}. {esc(charter.credit)}, "
            f"{esc(charter.licence)}.</small></p></body></html>"
        )
