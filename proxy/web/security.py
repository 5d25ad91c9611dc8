"""Protections of the local pages against other web pages and other programs.

Every request must name our own address in ``Host`` (defeats DNS rebinding). A request carrying an
``Origin`` must come from our own pages (or an extension origin the user allowed). A page form must
carry a signed CSRF token, and a state-changing page request must say where it comes from. Every API
call carries the API token in ``X-Garde-IA-Token``. No CORS header is ever sent, so a foreign page can
neither read an answer nor send the token header (the browser's preflight gets no approval).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Request, Response

from proxy.web.errors import refusal
from proxy.web.language import gettext as _
from proxy.web.secret import Tokens

API_PREFIX = "/api/"
PUBLIC_API_PATHS = frozenset({"/api/v1/openapi.json"})
TOKEN_HEADER = "X-Garde-IA-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True, slots=True)
class Guarding:
    """Which hosts and origins are ours (set once the server knows its port)."""

    hosts: frozenset[str]
    origins: frozenset[str]

    @classmethod
    def for_port(cls, port: int, extra_origins: Iterable[str] = ()) -> "Guarding":
        """The loopback names of this port, plus origins the user allowed (a browser extension)."""
        hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})
        return cls(hosts, frozenset({f"http://{h}" for h in hosts} | set(extra_origins)))


def _same_origin_referer(request: Request, guarding: Guarding) -> bool:
    referer = request.headers.get("Referer")
    if not referer:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" in guarding.origins


def check_request(request: Request, guarding: Guarding, tokens: Tokens) -> Response | None:
    """A refusal for a request that must not be served, or None when it may go on."""
    is_api = request.path.startswith(API_PREFIX)
    if request.host not in guarding.hosts:
        return refusal(
            is_api,
            421,
            "wrong_host",
            _("Cette adresse n'est pas celle de garde-ia : requête refusée."),
        )
    origin = request.headers.get("Origin")
    if origin is not None and origin not in guarding.origins:
        return refusal(
            is_api,
            403,
            "foreign_origin",
            _("Requête venue d'un autre site : refusée par garde-ia."),
        )
    if is_api:
        if request.path not in PUBLIC_API_PATHS and not tokens.check_api_token(
            request.headers.get(TOKEN_HEADER)
        ):
            return refusal(
                True,
                401,
                "bad_token",
                _("Jeton d'accès absent ou incorrect (en-tête X-Garde-IA-Token)."),
            )
        return None
    if request.method in UNSAFE_METHODS:
        if origin is None and not _same_origin_referer(request, guarding):
            return refusal(
                False,
                403,
                "unknown_origin",
                _(
                    "Impossible de vérifier d'où vient ce formulaire : il n'a pas été pris en compte."
                ),
            )
        if not tokens.check_form_token(request.form.get("csrf_token")):
            return refusal(
                False,
                403,
                "bad_csrf",
                _(
                    "Ce formulaire a expiré ou ne vient pas de garde-ia. Rechargez la page et recommencez : rien n'a été enregistré."
                ),
            )
    return None


def add_security_headers(response: Response) -> Response:
    """Strict headers on every answer, and never a CORS header."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    for name in [h for h in response.headers.keys() if h.lower().startswith("access-control-")]:  # noqa: SIM118
        del response.headers[name]
    return response
