"""Pairing the companion browser extension with the local API, and what a paired extension reads.

No token ships in the extension. The extension asks for pairing (``POST /api/v1/pairing/request``,
from its own ``chrome-extension://`` or ``moz-extension://`` origin, which no web page can claim) and
opens the local page ``/extension/associer`` which shows the same short code. When the person
approves there (a page form: CSRF token, same-origin checks), the extension's origin is remembered in
``GARDE_IA_HOME/paired-extensions.json`` and the extension's next claim (``POST
/api/v1/pairing/claim``, with the claim secret only the requester has read) returns the API token.
From then on the server accepts that origin like its own; ``/extension/associer`` lists paired
extensions and removes one. Any other origin stays refused, and the two pairing calls never give the
token to anyone but the extension that asked and was approved.
"""

import functools
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Request,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from proxy.charter.text import MENTIONS
from proxy.config.catalog import Catalog, load_catalog
from proxy.config.paths import home_dir
from proxy.web.context import WebContext
from proxy.web.errors import api_error, refusal
from proxy.web.language import gettext as _
from proxy.web.secret import Tokens
from proxy.web.security import Guarding, check_request

PAIRED_FILE = "paired-extensions.json"
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
PAIRING_API_PATHS = frozenset({"/api/v1/pairing/request", "/api/v1/pairing/claim"})
REQUEST_SECONDS = 300
MAX_PENDING = 8
STORE_KEY = "garde_ia_pairing"

pairing = Blueprint("pairing", __name__)


def is_extension_origin(origin: str | None) -> bool:
    """Whether ``origin`` is a browser extension's own origin (a web page can never send one)."""
    if not origin or not origin.startswith(EXTENSION_SCHEMES):
        return False
    name = origin.split("://", 1)[1]
    return bool(name) and "/" not in name


@dataclass(frozen=True, slots=True)
class PendingRequest:
    """One extension's request to be paired, waiting for the person's approval on the local page."""

    id: str
    origin: str
    code: str
    claim_digest: str
    created: float
    approved: bool = False


class PairingStore:
    """Paired extension origins (kept in a file, owner-only) and pending requests (in memory)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._pending: dict[str, PendingRequest] = {}
        self._origins = self._load()

    def _load(self) -> frozenset[str]:
        try:
            data = json.loads(self._path.read_text("utf-8"))
        except (OSError, ValueError):
            return frozenset()
        origins = data.get("origins", []) if isinstance(data, dict) else []
        return frozenset(o for o in origins if isinstance(o, str) and is_extension_origin(o))

    def _save(self) -> None:
        temporary = self._path.with_suffix(".tmp")
        temporary.unlink(missing_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump({"origins": sorted(self._origins)}, file)
        temporary.replace(self._path)

    def origins(self) -> frozenset[str]:
        """The paired extensions' origins."""
        return self._origins

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, r in self._pending.items() if now - r.created > REQUEST_SECONDS]:
            del self._pending[key]

    def request(self, origin: str) -> tuple[PendingRequest, str]:
        """A new pending request for ``origin`` and its claim secret (given to the requester only)."""
        claim = secrets.token_urlsafe(32)
        code = f"{secrets.randbelow(1000):03d} {secrets.randbelow(1000):03d}"
        pending = PendingRequest(
            secrets.token_urlsafe(12), origin, code, _digest(claim), time.monotonic()
        )
        with self._lock:
            self._expire()
            while len(self._pending) >= MAX_PENDING:
                del self._pending[min(self._pending, key=lambda k: self._pending[k].created)]
            self._pending[pending.id] = pending
        return pending, claim

    def pending(self, request_id: str) -> PendingRequest | None:
        """A pending request still valid."""
        with self._lock:
            self._expire()
            return self._pending.get(request_id)

    def approve(self, request_id: str) -> PendingRequest | None:
        """Approve a pending request: its origin is paired from now on."""
        with self._lock:
            self._expire()
            found = self._pending.get(request_id)
            if found is None:
                return None
            self._pending[request_id] = replace(found, approved=True)
            self._origins = self._origins | {found.origin}
            self._save()
            return found

    def claim(self, request_id: str, origin: str, claim: str) -> str:
        """``paired`` (the request is used up), ``pending``, or ``unknown`` (wrong id, origin or secret, expired)."""
        with self._lock:
            self._expire()
            found = self._pending.get(request_id)
            if (
                found is None
                or found.origin != origin
                or not hmac.compare_digest(found.claim_digest, _digest(claim))
            ):
                return "unknown"
            if not found.approved:
                return "pending"
            del self._pending[request_id]
            return "paired" if found.origin in self._origins else "unknown"

    def forget(self, origin: str) -> bool:
        """Unpair one extension; whether it was paired."""
        with self._lock:
            if origin not in self._origins:
                return False
            self._origins = self._origins - {origin}
            self._save()
            return True


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def store() -> PairingStore:
    """This application's pairing store."""
    found: PairingStore = current_app.extensions[STORE_KEY]
    return found


def _context() -> WebContext:
    found: WebContext = current_app.extensions["garde_ia"]
    return found


def install_pairing(app: Flask, path: Path | None = None) -> None:
    """Register the pairing page and API calls, with the store of paired origins."""
    app.extensions[STORE_KEY] = PairingStore(path or home_dir() / PAIRED_FILE)
    app.register_blueprint(pairing)


def check_with_pairing(req: Request, guarding: Guarding, tokens: Tokens) -> Response | None:
    """:func:`check_request`, with paired extension origins accepted and the two pairing calls open to extensions."""
    if req.path in PAIRING_API_PATHS:
        if req.host not in guarding.hosts:
            return refusal(
                True,
                421,
                "wrong_host",
                _("Cette adresse n'est pas celle de garde-ia : requête refusée."),
            )
        if not is_extension_origin(req.headers.get("Origin")):
            return refusal(
                True,
                403,
                "foreign_origin",
                _("Requête venue d'un autre site : refusée par garde-ia."),
            )
        return None
    paired = store().origins()
    return check_request(
        req, replace(guarding, origins=guarding.origins | paired) if paired else guarding, tokens
    )


@functools.cache
def _catalog() -> Catalog:
    return load_catalog()


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@pairing.post("/api/v1/pairing/request")
def pairing_request() -> Response:
    """An extension asks to be paired; the person approves on the page named in the answer."""
    origin = request.headers["Origin"]
    pending, claim = store().request(origin)
    response = jsonify(
        {
            "request": pending.id,
            "code": pending.code,
            "claim": claim,
            "expires_in": REQUEST_SECONDS,
            "page": url_for("pairing.pairing_page", demande=pending.id),
        }
    )
    response.status_code = 201
    return response


@pairing.post("/api/v1/pairing/claim")
def pairing_claim() -> Response:
    """The extension collects the API token once the person approved its request."""
    body = _body()
    outcome = store().claim(
        str(body.get("request", "")), request.headers["Origin"], str(body.get("claim", ""))
    )
    if outcome == "pending":
        response = jsonify({"status": "pending"})
        response.status_code = 202
        return response
    if outcome == "unknown":
        return api_error(
            404,
            "unknown_request",
            _("Demande d'association inconnue ou expirée : recommencez depuis l'extension."),
        )
    return jsonify({"status": "paired", "token": _context().tokens.api_token})


@pairing.get("/extension/associer")
def pairing_page() -> Response:
    """The pairing page: the code to compare and the approval button, and the paired extensions."""
    pending = store().pending(request.args.get("demande", ""))
    return _page(pending=pending, asked=bool(request.args.get("demande")))


def _page(status: int = 200, **values: Any) -> Response:
    body = render_template(
        "pairing.html",
        csrf_token=_context().tokens.form_token(),
        paired=sorted(store().origins()),
        **values,
    )
    return Response(body, status=status, mimetype="text/html")


@pairing.post("/extension/associer")
def pairing_decide() -> Response:
    """Approve a pending request, or unpair an extension (a page form, CSRF-checked)."""
    if request.form.get("action") == "retirer":
        store().forget(request.form.get("origin", ""))
        return redirect(url_for("pairing.pairing_page", retiree="1"), code=303)  # type: ignore[return-value]
    approved = store().approve(request.form.get("demande", ""))
    if approved is None:
        return _page(410, pending=None, asked=True)
    return _page(approved=approved)


@pairing.get("/extension/signaler")
def prefilled_report() -> Response:
    """The mistake report form, pre-filled with the tool and the moment the extension names."""
    from werkzeug.datastructures import MultiDict

    from proxy.web.pages import _report_page

    tool = request.args.get("outil", "")
    moment = request.args.get("quand", "")
    values = MultiDict(
        {
            "tool_id": tool if tool in _context().tools else "",
            "happened_at": moment if len(moment) == 16 and moment[10] == "T" else "",
        }
    )
    return _report_page(values=values)


@pairing.get("/api/v1/extension/outil")
def tool_for_extension() -> Response:
    """For the paired extension's popup and panel: the tool of a host, its status, the charter's rules and mentions."""
    host = request.args.get("host", "")
    tool = _catalog().tool_for_host(host)
    policy = _context().policy
    return jsonify(
        {
            "tool": None
            if tool is None
            else {
                "id": tool.id,
                "name": tool.name,
                "vendor": tool.vendor,
                "country": tool.country,
                "eu": tool.eu,
                "open_weights": tool.open_weights,
                "status": policy.tools.status_of(tool.id),
            },
            "rules": {
                key: {"title": rule.title, "advice": rule.advice}
                for key, rule in policy.detection_policy.rules.items()
            },
            "mentions": [{"key": m.key, "label": _(m.label), "text": m.text} for m in MENTIONS],
            "charter": {"title": policy.charter.title, "version": policy.charter.version},
            "pages": {
                "charter": url_for("pages.charter"),
                "report": url_for("pairing.prefilled_report"),
                "mentions": url_for("pages.mentions"),
            },
        }
    )
