"""The English catalog against the French messages in the code: every one translated, placeholders kept."""

import functools

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from anonymizer.errors import PolicyError
from proxy.config.i18n import catalog_path, gettext_for, negotiate
from proxy.config.policy import build_policy
from tests.support.paths import ROOT


@functools.cache
def french_messages() -> frozenset[str]:
    with (ROOT / "proxy/locales/babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]  # babel is untyped here
    found: set[str] = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return frozenset(m for m in found if m)


def english_catalog() -> Catalog:
    with (ROOT / "proxy" / catalog_path("en")).open("rb") as source:
        return read_po(source, locale="en")


def test_the_extractor_sees_the_tray_the_pages_the_gate_and_the_api() -> None:
    messages = french_messages()
    for expected in (
        "Protection active",
        "Signaler une erreur",
        "Lire la charte et confirmer",
        "Jeton d'accès absent ou incorrect (en-tête X-Garde-IA-Token).",
        "à remplir",
        "Mention « %(label)s » copiée : collez-la dans votre document.",
        "%(tool)s : %(what)s%(rule)s.",
    ):
        assert expected in messages


def test_every_french_message_has_an_english_translation() -> None:
    catalog = english_catalog()
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(french_messages() - translated)
    assert not missing, (
        f"run pybabel extract/update (see proxy/config/i18n.py) and translate: {missing}"
    )


def test_no_stale_entries_and_placeholders_kept() -> None:
    catalog = english_catalog()
    stale = sorted({m.id for m in catalog if m.id} - french_messages())
    assert not stale, f"messages no longer in the code: {stale}"
    problems = [
        (message.id, [str(e) for e in errors]) for message, errors in catalog.check() if errors
    ]
    assert not problems


def test_english_differs_and_french_is_the_source() -> None:
    assert gettext_for("en")("Signaler une erreur") == "Report a mistake"
    assert gettext_for("fr")("Signaler une erreur") == "Signaler une erreur"
    assert gettext_for("de")("Signaler une erreur") == "Signaler une erreur"  # unknown: French


@pytest.mark.parametrize(
    ("header", "default", "follow", "expected"),
    [
        (None, "fr", True, "fr"),
        ("en-GB,en;q=0.9", "fr", True, "en"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr", True, "fr"),
        ("de-DE", "fr", True, "fr"),  # not ours: the organisation's language
        ("de-DE", "en", True, "en"),
        ("en-US", "fr", False, "fr"),  # the policy does not follow the browser
        ("fr;q=0.5, en", "fr", True, "en"),
    ],
)
def test_negotiation(header: str | None, default: str, follow: bool, expected: str) -> None:
    assert negotiate(header, default, follow) == expected  # type: ignore[arg-type]


def test_policy_interface_section() -> None:
    assert build_policy({}, "test").interface.language == "fr"
    assert (
        build_policy(
            {"interface": {"language": "en", "follow_browser": False}}, "test"
        ).interface.follow_browser
        is False
    )
    with pytest.raises(PolicyError, match="interface"):
        build_policy({"interface": {"language": "de"}}, "test")
