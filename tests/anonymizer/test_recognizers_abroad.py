"""Belgian, British and American addresses and phones; NIRs with a wrong key (our own cases)."""

import pytest

from anonymizer.recognizers.address import address_recognizer
from anonymizer.recognizers.nir import nir_recognizer, nir_structure_recognizer
from anonymizer.recognizers.phone import phone_recognizer


def _found(recognizer: object, entity: str, text: str) -> list[str]:
    results = recognizer.analyze(text, [entity], None)  # type: ignore[attr-defined]
    return [text[r.start : r.end] for r in results if r.score >= 0.5]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Écris à Marc, Rue des Fripiers 17, 1000 Bruxelles.",
            "Rue des Fripiers 17, 1000 Bruxelles",
        ),
        ("woont in de Veldstraat 112, 9000 Gent sinds mei", "Veldstraat 112, 9000 Gent"),
        (
            "domicilié Chaussée de Louvain 5 bte 3, 1210 Saint-Josse",
            "Chaussée de Louvain 5 bte 3, 1210 Saint-Josse",
        ),
        ("RDV rue de la Station 8 à Wavre", "rue de la Station 8"),
        ("Send it to 7 Mill Lane, Bristol BS1 4DJ please", "7 Mill Lane, Bristol BS1 4DJ"),
        ("Ship to 55 N Oak St, Dayton, OH 45402 today", "55 N Oak St, Dayton, OH 45402"),
    ],
)
def test_addresses_written_abroad(text: str, address: str) -> None:
    assert _found(address_recognizer(), "ADRESSE", text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Lis les chapitres 3 et 4 pour jeudi.",
        "La rue de la Paix est la plus chère du Monopoly.",
        "Nous avons 12 bénévoles et 40 familles, 1000 colis.",
        "We sold 3 cakes at the fair.",
    ],
)
def test_no_address_where_there_is_none(text: str) -> None:
    assert _found(address_recognizer(), "ADRESSE", text) == []


def test_an_address_ends_at_the_end_of_its_line() -> None:
    text = "12 rue des Lilas, 59000 Lille\nDUPONT;Anne"
    assert _found(address_recognizer(), "ADRESSE", text) == ["12 rue des Lilas, 59000 Lille"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("mobile 07700 900461 after six", "07700 900461"),
        ("office 0161 496 0753 weekdays", "0161 496 0753"),
        ("call (312) 555-0178 now", "(312) 555-0178"),
        ("cell 312-555-0178", "312-555-0178"),
    ],
)
def test_british_and_american_phones(text: str, number: str) -> None:
    assert _found(phone_recognizer(), "TELEPHONE", text) == [number]


@pytest.mark.parametrize(
    "text", ["facture 2024-555-0143", "total 12 345 678 901 euros", "ref 0612 345 6789 0"]
)
def test_no_english_phone_in_other_numbers(text: str) -> None:
    assert _found(phone_recognizer(), "TELEPHONE", text) == []


def test_a_nir_with_a_wrong_key_is_still_a_nir_by_its_structure() -> None:
    text = "Son numéro est 1 84 07 59 350 127 12, il ne passe pas."
    assert nir_recognizer().analyze(text, ["NIR"], None) == []  # the key is wrong ...
    assert _found(nir_structure_recognizer(), "NIR", text) == [
        "1 84 07 59 350 127 12"
    ]  # ... still his


@pytest.mark.parametrize(
    "text",
    [
        "commande 5 84 07 59 350 127 12",  # sex digit 5 does not exist
        "commande 1 84 15 59 350 127 12",  # month 15 does not exist
        "commande 1 84 07 59 350 127 98",  # keys stop at 97
        "total 123 456 789 012 345",
    ],
)
def test_numbers_without_a_nir_structure(text: str) -> None:
    assert _found(nir_structure_recognizer(), "NIR", text) == []
