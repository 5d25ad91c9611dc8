"""The Flask application of the local pages and API, with its protections and error pages in the reader's language."""

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from proxy.config.i18n import N_
from proxy.web.api import api
from proxy.web.context import WebContext
from proxy.web.errors import refusal
from proxy.web.language import gettext as _
from proxy.web.language import install_language
from proxy.web.pac_route import pac
from proxy.web.pages import pages
from proxy.web.pairing import check_with_pairing, install_pairing
from proxy.web.security import API_PREFIX, Guarding, add_security_headers

MAX_BODY_BYTES = 64 * 1024
GUARDING_KEY = "GARDE_IA_GUARDING"
HTTP_MESSAGES = {
    404: N_("Cette page n'existe pas."),
    405: N_("Cette action n'est pas possible ici."),
    413: N_(
        "Envoi trop volumineux (64 Ko au plus) : raccourcissez le texte. Rien n'a été enregistré."
    ),
}


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    message = _(HTTP_MESSAGES.get(status, N_("La demande n'a pas pu être traitée.")))
    return refusal(request.path.startswith(API_PREFIX), status, f"http_{status}", message)


def _unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return _http_error(error)
    return refusal(
        request.path.startswith(API_PREFIX),
        500,
        "internal",
        _("garde-ia a rencontré un problème. Rien n'a été enregistré ; réessayez dans un instant."),
    )


def create_app(context: WebContext, guarding: Guarding | None = None) -> Flask:
    """Build the application; ``guarding`` may be set later, once the server knows its port."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.config[GUARDING_KEY] = guarding
    app.extensions["garde_ia"] = context
    install_language(
        app, context.policy.interface
    )  # first: refusals below are in the reader's language
    app.register_blueprint(pages)
    app.register_blueprint(api)
    app.register_blueprint(pac)  # /proxy.pac, written by garde-ia setup
    install_pairing(app)  # /extension/associer and /api/v1/pairing/*: the browser extension
    app.register_error_handler(Exception, _unexpected)

    @app.before_request
    def _protect() -> Response | None:
        guarding_now: Guarding | None = app.config[GUARDING_KEY]
        if guarding_now is None:
            return refusal(
                request.path.startswith(API_PREFIX),
                503,
                "starting",
                _("garde-ia démarre, réessayez."),
            )
        return check_with_pairing(request, guarding_now, context.tokens)

    app.after_request(add_security_headers)
    return app


def set_guarding(app: Flask, guarding: Guarding) -> None:
    """Tell the application which host names and origins are its own."""
    app.config[GUARDING_KEY] = guarding
