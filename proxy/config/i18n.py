"""Translations of what a volunteer reads: French is the source language and the default, English the second.

Messages are written in French in the code: ``gettext_for(language)("…")`` where the language is known,
``N_("…")`` for data translated when shown. The English catalog is the source file
``proxy/locales/en/LC_MESSAGES/garde_ia.po``, read with Babel on first use (no compiled file to build
or ship). After changing messages, from the repository root::

    pybabel extract -F proxy/locales/babel.cfg -o /tmp/garde_ia.pot .
    pybabel update -i /tmp/garde_ia.pot -d proxy/locales -D garde_ia -l en

``tests/test_i18n.py`` fails while a French message has no English translation.
"""

import functools
import gettext
import io
from collections.abc import Callable
from importlib import resources
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")
SOURCE_LANGUAGE: Language = "fr"
DOMAIN = "garde_ia"
Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a French message for the catalog without translating it yet (translated where shown)."""
    return message


def catalog_path(language: Language) -> str:
    """The catalog's path inside the ``proxy`` package."""
    return f"locales/{language}/LC_MESSAGES/{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The translations for a language: French (or an unknown language) returns the messages as written."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return gettext.NullTranslations()
    with resources.files("proxy").joinpath(catalog_path(language)).open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(
        compiled, catalog
    )  # fuzzy entries left out: an unsure translation falls back to French
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def gettext_for(language: str) -> Translate:
    """The function translating one French message into ``language``."""
    return translations(language).gettext


def negotiate(
    accept_language: str | None, default: Language, follow_browser: bool = True
) -> Language:
    """The browser's preferred language among ours (``Accept-Language``), else the organisation's default."""
    if not follow_browser or not accept_language:
        return default
    best = parse_accept_header(accept_language, LanguageAccept).best_match(LANGUAGES)
    return best if best in LANGUAGES else default


def chosen_language(value: str | None) -> Language | None:
    """A language named explicitly (``?lang=en``, a cookie) when it is one of ours."""
    return value if value in LANGUAGES else None
