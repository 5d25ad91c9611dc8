"""The language of each local page and API answer, and the translation helpers the pages use.

Order of choice: ``?lang=en`` (remembered in a cookie, so the links that follow keep it), then the
cookie, then the browser's ``Accept-Language`` when the policy allows it (``[interface]
follow_browser``), then the policy's ``[interface] language`` (French by default).
"""

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Request, Response, g, has_request_context, request

from proxy.config.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    Language,
    chosen_language,
    negotiate,
    translations,
)
from proxy.config.policy import InterfacePolicy
from proxy.web.context import local_time

LANG_PARAM = "lang"
LANG_COOKIE = "garde_ia_lang"
LANGUAGE_NAMES: dict[Language, str] = {"fr": "Français", "en": "English"}
TIME_PATTERNS: dict[Language, str] = {"fr": "%d/%m/%Y à %H:%M", "en": "%d/%m/%Y at %H:%M"}
SECONDS_PATTERNS: dict[Language, str] = {"fr": "%d/%m/%Y à %H:%M:%S", "en": "%d/%m/%Y at %H:%M:%S"}
COOKIE_SECONDS = 365 * 24 * 3600


def request_language(req: Request, interface: InterfacePolicy) -> Language:
    """The language for one request (see the module's docstring for the order)."""
    return (
        chosen_language(req.args.get(LANG_PARAM))
        or chosen_language(req.cookies.get(LANG_COOKIE))
        or negotiate(
            req.headers.get("Accept-Language"), interface.language, interface.follow_browser
        )
    )


def current_language() -> Language:
    """The current request's language (French outside a request)."""
    found: Language | None = g.get("language") if has_request_context() else None
    return found or SOURCE_LANGUAGE


def gettext(message: str, **values: object) -> str:
    """One French message in the current request's language, with its ``%(name)s`` values filled in."""
    text = translations(current_language()).gettext(message)
    return text % values if values else text


def page_time(moment: datetime) -> str:
    """A moment in the device's local time, written the current language's way."""
    return local_time(moment, TIME_PATTERNS[current_language()])


def page_time_seconds(moment: datetime) -> str:
    """A moment to the second (tells apart requests of the same minute), the current language's way."""
    return local_time(moment, SECONDS_PATTERNS[current_language()])


def language_switch() -> dict[str, str]:
    """The link to this page in the other language (``?lang=``), for every page's header."""
    other = next(lang for lang in LANGUAGES if lang != current_language())
    query = {**request.args.to_dict(), LANG_PARAM: other}
    return {
        "url": f"{request.path}?{urlencode(query)}",
        "language": other,
        "label": LANGUAGE_NAMES[other],
    }


def install_language(app: Flask, interface: InterfacePolicy) -> None:
    """Choose each request's language first, translate the templates (``_()``), remember a ``?lang=`` choice."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: translations(current_language()).gettext(message),
        ngettext=lambda singular, plural, n: translations(current_language()).ngettext(
            singular, plural, n
        ),
        newstyle=True,
    )
    app.jinja_env.filters["local_time"] = page_time
    app.jinja_env.filters["local_time_seconds"] = page_time_seconds

    @app.before_request
    def _choose() -> None:
        g.language = request_language(request, interface)

    @app.after_request
    def _remember(response: Response) -> Response:
        asked = chosen_language(request.args.get(LANG_PARAM))
        if asked is not None:
            response.set_cookie(
                LANG_COOKIE, asked, max_age=COOKIE_SECONDS, httponly=True, samesite="Strict"
            )
        response.vary.add("Accept-Language")
        return response

    @app.context_processor
    def _values() -> dict[str, Any]:
        return {"language": current_language(), "language_switch": language_switch}
