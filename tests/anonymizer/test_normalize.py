"""Issue 11, family 4: one normalization step before detection, offsets mapped back to the original.

Unit tests of :mod:`anonymizer.normalize`, then the real Guard on writings it used to miss: the
replacement must cover every original character of the value (invisible ones included).
"""

import pytest

from anonymizer import Guard, Vault, build_guard, load_detection_policy
from anonymizer.normalize import normalize

NIR = "1 85 07 75 123 456 08"
NIR_DIGITS = "185077512345608"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
EMAIL = "jean.dupont@exemple.fr"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc déjà", "abc déjà"),
        ("1\u202f85\u200907", "1 85 07"),
        ("１８５", "185"),
        ("jean＠exemple.fr", "jean@exemple.fr"),
        ("18\u200b50\u00ad77\ufeff", "185077"),
        ("a\r\nb\rc\u2028d", "a\nb\nc\nd"),
        ("1\u201385\u221207\u201107", "1-85-07-07"),
        ("e\u0301te", "éte"),
        ("\ufb01n", "fin"),
        ("col1\tcol2", "col1\tcol2"),
        (
            "iban fr76 3000 6000 0112 3456 7890 189 merci",
            "iban FR76 3000 6000 0112 3456 7890 189 merci",
        ),
        ("ab12 cdef ghij", "ab12 cdef ghij"),  # too few digits for an IBAN: left as it is
    ],
)
def test_normalized_writing(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_offsets_map_back_to_every_original_character() -> None:
    text = "NIR : 1\u200b85\u202f07 fin"
    normalized = normalize(text)
    start = normalized.text.index("1")
    end = normalized.text.index("07") + 2
    assert normalized.original_span(start, end) == (text.index("1"), text.index("07") + 2)
    assert text[slice(*normalized.original_span(start, end))] == "1\u200b85\u202f07"


def test_an_expanded_character_maps_to_the_whole_original_character() -> None:
    normalized = normalize("x\ufb01y")  # the ligature becomes two letters
    assert normalized.text == "xfiy"
    assert normalized.original_span(1, 2) == (1, 2) and normalized.original_span(2, 3) == (1, 2)


def test_unchanged_text_keeps_its_offsets_without_a_table() -> None:
    normalized = normalize("Bonjour à tous, la réunion est jeudi.")
    assert normalized.unchanged and normalized.original_span(3, 7) == (3, 7)


@pytest.fixture(scope="module")
def guard() -> Guard:
    return build_guard(load_detection_policy())


WRITINGS = [
    ("NIR", NIR.replace(" ", "-")),
    ("NIR", NIR.replace(" ", "/")),
    ("NIR", NIR.replace(" ", "\u2009")),
    ("NIR", NIR.replace(" ", "\u202f")),
    ("NIR", "1 85 07 75\t123 456 08"),
    ("NIR", "1 85 07 75\n123 456 08"),
    ("NIR", "1 85 07 75\r\n123 456 08"),
    ("NIR", "１ ８５ ０７ ７５ １２３ ４５６ ０８"),
    ("NIR", "1 85 07 75 1\u200b23 456 08"),
    ("NIR", NIR.replace(" ", "\u2013")),
    ("IBAN", "FR76 3000 6000 0112\u200b3456 7890 189"),
    ("EMAIL", "jean.dup\u200bont@exemple.fr"),
    ("EMAIL", "jean.dupont＠exemple.fr"),
    ("EMAIL", "ｊｅａｎ.ｄｕｐｏｎｔ@exemple.fr"),
    ("IBAN", "fr76 3000 6000 0112 3456 7890 189"),
    ("IBAN", "fr7630006000011234567890189"),
]


@pytest.mark.spacy_model
@pytest.mark.parametrize(("kind", "value"), WRITINGS)
def test_identifiers_in_unusual_writings_are_replaced_whole(
    guard: Guard, kind: str, value: str
) -> None:
    text = f"Merci de vérifier le dossier : {value} avant lundi."
    decision = guard.check(text, Vault())
    assert decision.action in ("pseudonymize", "block"), decision
    assert kind in decision.entity_counts
    if decision.action == "pseudonymize":
        assert decision.text is not None
        assert decision.text.startswith(
            "Merci de vérifier le dossier : ["
        ) and decision.text.endswith("] avant lundi.")
        assert "\u200b" not in decision.text  # the invisible character went with the value


@pytest.mark.spacy_model
def test_plain_text_is_untouched_byte_for_byte(guard: Guard) -> None:
    text = "Prépare l\u2019affiche\u202f: rendez-vous à 19\u00a0h, salle 2 – entrée libre."
    decision = guard.check(text, Vault())
    assert decision.action == "allow" and decision.text == text
