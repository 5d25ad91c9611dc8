"""The charter gate: until this device acknowledged the current charter version, AI tools wait.

The proxy asks :meth:`CharterGate.is_acknowledged` before checking a request to a catalogued tool;
when it is False it answers a page navigation with :meth:`CharterGate.page_html` (the charter's
summary and a link to the local acknowledgement page) and an API call with
:meth:`CharterGate.api_message`. A new charter version (``[charter] version`` in the policy) asks
again. A positive answer is cached; a negative one is read again from the database at most every
``recheck_seconds``, so the gate costs one small read per few seconds, never one per request.
"""

import base64
import hashlib
import html
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine

from proxy.charter.text import SUMMARY
from proxy.config.device import device_id
from proxy.config.i18n import Language, gettext_for, negotiate
from proxy.config.policy import OrganisationPolicy
from proxy.storage.acknowledgements import Acknowledgement, acknowledgement_of

ACKNOWLEDGE_PATH = "/charte"
# The gate page's only style, inline so the page stands alone when the guard serves it in place of a
# tool; the local server allows exactly this text by its hash (see gate_style_source).
GATE_STYLE = (
    "*{box-sizing:border-box}body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1f2328;background:#fff;overflow-wrap:break-word}h1{font-size:1.4rem;line-height:1.25}"
    "h2{font-size:1.05rem}.action{margin:1.5rem 0}a{color:#0b4f8a}"
    "a.button{display:inline-block;background:#1d5e3a;color:#fff;padding:.8rem 1.4rem;font-size:1.1rem;"
    "font-weight:600;border-radius:.4rem;text-decoration:none}"
    "a.button:hover{background:#164a2e}a:focus-visible{outline:3px solid #0b4f8a;outline-offset:3px}"
    "small{color:#57606a}"
)


def gate_style_source() -> str:
    """The CSP source allowing the gate page's inline style, and only it (``'sha256-…'``)."""
    digest = hashlib.sha256(GATE_STYLE.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _text(value: str) -> str:
    """Escape text between tags (apostrophes stay readable in the page's source)."""
    return html.escape(value, quote=False)


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

    def language(self, accept_language: str | None = None) -> Language:
        """The language to answer in: the browser's (``Accept-Language``) when the policy allows it, else the policy's."""
        interface = self._policy.interface
        return negotiate(accept_language, interface.language, interface.follow_browser)

    def api_message(self, accept_language: str | None = None) -> str:
        """The plain error for an API client (one sentence, with the link), French unless asked otherwise."""
        charter = self._policy.charter
        _ = gettext_for(self.language(accept_language))
        return _(
            "garde-ia : avant d'utiliser un outil d'IA, prenez connaissance de la charte "
            "« %(title)s » (version %(version)s) et confirmez-la sur %(url)s"
        ) % {"title": charter.title, "version": charter.version, "url": self.acknowledge_url}

    def page_html(
        self,
        tool_name: str = "",
        accept_language: str | None = None,
        *,
        language: Language | None = None,
    ) -> str:
        """A standalone page: the charter's summary (in French, its own language) and a link to acknowledge it.

        The page's language is ``language`` when given (a choice made on the local pages), else negotiated.
        """
        charter = self._policy.charter
        language = language or self.language(accept_language)
        _ = gettext_for(language)
        esc = _text
        sections = "".join(
            f"<h2>{esc(s.title)}</h2><ul>"
            + "".join(f"<li>{esc(p)}</li>" for p in s.points)
            + "</ul>"
            for s in SUMMARY
        )
        in_french = (
            f"<p><em>{esc(_('Résumé de la charte (en français) :'))}</em></p>"
            if language != "fr"
            else ""
        )
        about = _(" avant d'utiliser %(tool)s") % {"tool": tool_name} if tool_name else ""
        heading = _("Un instant%(about)s : la charte IA de votre association") % {"about": about}
        intro = _(
            "Votre association s'est donné une charte, « %(title)s » (version %(version)s). "
            "Merci d'en prendre connaissance : c'est rapide."
        ) % {"title": charter.title, "version": charter.version}
        then = _("Ensuite, rechargez cette page : l'outil sera accessible.")
        return (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{esc(_('garde-ia : la charte IA de votre association'))}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{GATE_STYLE}</style></head><body><main>"
            f"<h1>{esc(heading)}</h1><p>{esc(intro)}</p>"
            f'<p class="action"><a class="button" id="acknowledge" href="{html.escape(self.acknowledge_url)}">'
            f"{esc(_('Lire la charte et confirmer'))}</a></p>"
            f"<p>{esc(then)}</p>"
            f'{in_french}<div lang="fr">{sections}</div>'
            f"</main><footer><p><small>{esc(charter.title)}, version {esc(charter.version)}. {esc(charter.credit)}, "
            f"{esc(charter.licence)}.</small></p></footer></body></html>"
        )
