"""Tables of French identifiers: each writing found with the right span, near-misses not found.

The recognizers are called directly (no spaCy model): cue words are checked on the raw text.
"""

import pytest
from presidio_analyzer import RecognizerResult

from anonymizer.recognizers import (
    IDENTIFIER_ENTITIES,
    identifier_recognizers,
    is_temporary_nir,
    is_valid_nir,
)

THRESHOLD = 0.5
RECOGNIZERS = identifier_recognizers()


def analyze(text: str) -> list[RecognizerResult]:
    results: list[RecognizerResult] = []
    for recognizer in RECOGNIZERS:
        results += recognizer.analyze(text, recognizer.supported_entities, None)  # type: ignore[arg-type]  # pattern recognizers never read the NLP artifacts
    return results


def found(text: str, entity: str) -> list[tuple[str, float]]:
    return [
        (text[r.start : r.end], r.score)
        for r in analyze(text)
        if r.entity_type == entity and r.score >= THRESHOLD
    ]


def assert_found(entity: str, text: str, value: str, min_score: float = THRESHOLD) -> None:
    hits = found(text, entity)
    assert [v for v, _ in hits] == [value], hits
    assert hits[0][1] >= min_score


# (text, the value that must be reported with score >= 0.9)
CHECKSUM_VALID = {
    "NIR": [
        # spaced, metropolitan
        (
            "Le numéro de sécu de Karim est 1 85 05 78 006 084 91, il est au RSA.",
            "1 85 05 78 006 084 91",
        ),
        # Corsica 2A, unspaced
        ("Le NIR de Mme Paoli est 269052A00412314 ; sa voiture", "269052A00412314"),
        # woman, spaced
        ("carte Vitale : 2 79 12 93 066 301 62", "2 79 12 93 066 301 62"),
        # dots
        ("NIR 1.85.05.78.006.084.91.", "1.85.05.78.006.084.91"),
        # English sentence, no cue word: the key is enough
        ("His number is 185057800608491 I think", "185057800608491"),
        # temporary number (NIA)
        ("immatriculation provisoire 7 85 05 99 123 456 95", "7 85 05 99 123 456 95"),
    ],
    "IBAN": [
        # French IBAN, spaced
        (
            "l'IBAN FR76 3000 6000 0112 3456 7890 189 au nom de Fatou",
            "FR76 3000 6000 0112 3456 7890 189",
        ),
        # unspaced, followed by a full stop
        ("RIB : FR7630006000011234567890189.", "FR7630006000011234567890189"),
        # Belgian
        ("compte BE68 5390 0754 7034 merci", "BE68 5390 0754 7034"),
        # German, trailing number not part of it
        ("I want my deposit in DE89370400440532013000 2 days from today", "DE89370400440532013000"),
    ],
    "CARTE_BANCAIRE": [
        # Visa, spaced
        ("la carte bancaire du trésorier 4970 1012 3456 7893.", "4970 1012 3456 7893"),
        # Mastercard, dashes
        ("card 5555-5555-5555-4444 exp 12/27", "5555-5555-5555-4444"),
        # unspaced, no cue word
        ("4111111111111111", "4111111111111111"),
        # American Express 4-6-5
        ("Amex 3782 822463 10005", "3782 822463 10005"),
    ],
    "NUMERO_FISCAL": [
        # spaced as on the avis d'impôt
        ("Numéro fiscal : 30 23 217 600 053", "30 23 217 600 053"),
        # unspaced
        ("SPI 0123456789211 sur l'avis", "0123456789211"),
    ],
    "NUMERO_NATIONAL_BE": [
        # usual punctuation
        ("registre national 85.07.30-033.28", "85.07.30-033.28"),
        # unspaced, born in 2000 (the other century key)
        ("NN 00010100105", "00010100105"),
    ],
    "EMAIL": [
        ("par mail à jp.martin@orange.fr.", "jp.martin@orange.fr"),
        ("Contactez Sophie (sophie.lefevre@gmail.com, 0781223344)", "sophie.lefevre@gmail.com"),
        ("write to tresorier@mon-asso.org", "tresorier@mon-asso.org"),
    ],
}

# (text) where a checksum fails: one digit changed from a valid value above, or a bad suffix.
CHECKSUM_INVALID = {
    "NIR": [
        "Le numéro de sécu de Karim est 1 85 05 78 006 084 92",  # key 91 -> 92
        "Le NIR de Mme Paoli est 269052A00412315",  # key changed
        "NIR 2 79 12 93 066 301 63",  # key changed
        "NIR 1 85 05 78 006 084 9",  # one digit short
    ],
    "IBAN": [
        "IBAN FR76 3000 6000 0112 3456 7890 188",  # last digit changed
        "IBAN BE68 5390 0754 7035",
    ],
    "CARTE_BANCAIRE": [
        "carte 4970 1012 3456 7894",  # Luhn fails
        "carte 1234 5678 9012 3456",  # not a card prefix
    ],
    "NUMERO_FISCAL": [
        "Numéro fiscal : 30 23 217 600 054",  # key changed
        "Numéro fiscal : 40 23 217 600 053",  # first digit must be 0-3
    ],
    "NUMERO_NATIONAL_BE": [
        "registre national 85.07.30-033.29",  # key changed
    ],
    "EMAIL": [
        "adresse jean@localhost sans domaine",  # no public suffix
        "jean.dupont@asso.invalidtld",  # unknown suffix
    ],
}


@pytest.mark.parametrize(
    ("entity", "text", "value"),
    [(entity, text, value) for entity, rows in CHECKSUM_VALID.items() for text, value in rows],
)
def test_checksum_valid_identifier_is_found_with_high_score(
    entity: str, text: str, value: str
) -> None:
    assert_found(entity, text, value, min_score=0.9)


@pytest.mark.parametrize(
    ("entity", "text"),
    [(entity, text) for entity, rows in CHECKSUM_INVALID.items() for text in rows],
)
def test_checksum_failure_is_not_that_identifier(entity: str, text: str) -> None:
    results = [r for r in analyze(text) if r.entity_type == entity]
    if entity == "NIR":  # a mistyped NIR is still someone's number: found by its structure
        assert all(r.score < 1.0 for r in results)
        assert bool(results) == text.endswith(("92", "15", "63"))
    else:
        assert results == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Vous pouvez joindre Jean-Pierre Martin au 06 12 34 56 78 ou par mail", "06 12 34 56 78"),
        ("portable 06.12.34.56.78", "06.12.34.56.78"),
        ("tel 06-12-34-56-78", "06-12-34-56-78"),
        ("Contactez Sophie (0781223344)", "0781223344"),
        ("Son portable est le +33 6 98 76 54 32 et", "+33 6 98 76 54 32"),
        ("+33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78"),
        ("0033 6 12 34 56 78", "0033 6 12 34 56 78"),
        ("le fixe de l'accueil 01.45.67.89.10.", "01.45.67.89.10"),
        # overseas, national writing (Réunion, Guadeloupe, Guyane, Martinique, Mayotte)
        ("appelle-la au 0692 12 34 56", "0692 12 34 56"),
        ("+262 692 12 34 56", "+262 692 12 34 56"),
        ("fixe 0590 82 12 34", "0590 82 12 34"),
        ("0594 30 12 34", "0594 30 12 34"),
        ("0596 12 34 56", "0596 12 34 56"),
        ("0690 50 12 34", "0690 50 12 34"),
        ("0696 12 34 56", "0696 12 34 56"),
        ("0639 69 12 34", "0639 69 12 34"),
        # Belgian and Swiss numbers written internationally
        ("en Belgique : +32 470 12 34 56", "+32 470 12 34 56"),
        ("à Genève +41 22 123 45 67", "+41 22 123 45 67"),
        ("0032 470 12 34 56", "0032 470 12 34 56"),
        # typographic narrow no-break spaces; opening parenthesis left out
        ("(06\u202f12\u202f34\u202f56\u202f78)", "06\u202f12\u202f34\u202f56\u202f78"),
    ],
)
def test_phone_writings(text: str, value: str) -> None:
    assert_found("TELEPHONE", text, value)


def test_phone_cue_word_raises_the_score() -> None:
    assert (
        found("tél : 06 12 34 56 78", "TELEPHONE")[0][1]
        > found("06 12 34 56 78", "TELEPHONE")[0][1]
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Mme Dupont habite au 12 rue des Lilas, 75011 Paris, et souhaite une aide.",
            "12 rue des Lilas, 75011 Paris",
        ),
        ("au 18 rue Victor Hugo, 62000 Arras.", "18 rue Victor Hugo, 62000 Arras"),
        (
            "chez sa sœur au 5 bis avenue Jean Jaurès 59100 Roubaix.",
            "5 bis avenue Jean Jaurès 59100 Roubaix",
        ),
        ("5 impasse des Lilas, 59280 Armentières", "5 impasse des Lilas, 59280 Armentières"),
        # residence with building and flat, no number
        (
            "Elle loge résidence Les Tilleuls, bâtiment B, appartement 12.",
            "résidence Les Tilleuls, bâtiment B, appartement 12",
        ),
        ("écrire à BP 123 59000 Lille", "BP 123 59000 Lille"),
        # street name in lower case, stops before "et"
        ("il habite 12 rue victor hugo et travaille", "12 rue victor hugo"),
        # a date inside the street name, Cedex
        ("10 rue du 8 Mai 1945, 33000 Bordeaux", "10 rue du 8 Mai 1945, 33000 Bordeaux"),
        (
            "7, chemin des Vignes 84000 Avignon Cedex 9",
            "7, chemin des Vignes 84000 Avignon Cedex 9",
        ),
        # abbreviations and complement
        ("au 2 allée des Cerisiers bât. C appt 21 à Lens", "2 allée des Cerisiers bât. C appt 21"),
        ("14 bd de la Liberté", "14 bd de la Liberté"),
        # common-noun street types with a capitalised name
        ("3 place de la République", "3 place de la République"),
        ("He lives at 25 rue Nationale, 59000 Lille", "25 rue Nationale, 59000 Lille"),
    ],
)
def test_address_span_covers_the_whole_address(text: str, value: str) -> None:
    assert_found("ADRESSE", text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Thomas Bernard, né le 14/07/1985 à Lyon", "14/07/1985"),
        ("Mme Nguyen, née le 3 mars 1962, touche", "3 mars 1962"),
        ("née le 1er avril 1990", "1er avril 1990"),
        ("né(e) le 3 mars 1962", "3 mars 1962"),
        ("Date de naissance : 14.07.1985", "14.07.1985"),
        ("DDN 14-07-85", "14-07-85"),
        ("née le lundi 3 mars 1962", "3 mars 1962"),
        ("born on July 14, 1985", "July 14, 1985"),
        ("date of birth: 1985-07-14", "1985-07-14"),
        ("DOB 14 July 1985", "14 July 1985"),
    ],
)
def test_birth_date_span_is_the_date(text: str, value: str) -> None:
    assert_found("DATE_NAISSANCE", text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("sa voiture est immatriculée AB-123-CD.", "AB-123-CD"),
        ("plaque GH 456 JK", "GH 456 JK"),
        # hyphenated SIV needs no cue word
        ("le AB-123-CD était garé devant", "AB-123-CD"),
        # old FNI with a cue word
        ("véhicule immatriculé 1234 AB 75", "1234 AB 75"),
    ],
)
def test_plates(text: str, value: str) -> None:
    assert_found("PLAQUE", text, value)


@pytest.mark.parametrize(
    "text",
    [
        "série AI-123-CD",  # I is never used
        "code AB-000-CD",  # 000 is never issued
        "SS-123-AB",  # SS series not issued
        "WW-123-AB",  # WW: temporary
        "1234 AB 75 sans contexte",  # FNI needs a cue word
    ],
)
def test_plate_near_misses(text: str) -> None:
    assert found(text, "PLAQUE") == []


# (entity, text with cue word, value, same value without any cue word)
CONTEXT_REQUIRED = [
    (
        "NUMERO_CAF",
        "son numéro allocataire CAF est 1234567 et",
        "1234567",
        "commande 1234567 livrée",
    ),
    ("NUMERO_CAF", "dossier de l'allocataire n° 593 1234567", "593 1234567", "lot 593 1234567"),
    ("NUMERO_CAF", "numéro MSA : 7654321", "7654321", "ticket 7654321"),
    (
        "IDENTIFIANT_FRANCE_TRAVAIL",
        "identifiant France Travail : 1234567A",
        "1234567A",
        "réf 1234567A",
    ),
    (
        "IDENTIFIANT_FRANCE_TRAVAIL",
        "inscrit à Pôle emploi sous le 0123456789B",
        "0123456789B",
        "ref 0123456789B",
    ),
    ("INE", "l'INE de l'élève est 123456789AB", "123456789AB", "code 123456789AB"),
    ("INE", "numéro étudiant 1234567890A", "1234567890A", "code 1234567890A"),
    ("INE", "identifiant national de l'apprenti : 1234A12345B", "1234A12345B", "code 1234A12345B"),
    ("PASSEPORT", "son passeport n° 12AB34567 expire", "12AB34567", "colis 12AB34567 expédié"),
    ("PASSEPORT", "passport number 18CV12345", "18CV12345", "order 18CV12345"),
    ("CNI", "carte d'identité n° 880692310285", "880692310285", "facture 880692310285"),
    ("CNI", "sa CNI : X4RTBPFW4", "X4RTBPFW4", "code X4RTBPFW4"),
    ("CNI", "numéro de la carte nationale d’identité D2H6862M2", "D2H6862M2", "réf D2H6862M2"),
]


@pytest.mark.parametrize(("entity", "with_cue", "value", "without_cue"), CONTEXT_REQUIRED)
def test_context_only_identifier_needs_its_cue(
    entity: str, with_cue: str, value: str, without_cue: str
) -> None:
    assert_found(entity, with_cue, value)
    assert [r for r in analyze(without_cue) if r.entity_type == entity] == []


@pytest.mark.parametrize(
    "text",
    [
        "la carte d'identité française est obligatoire",  # a word, not a number
        "numéro allocataire 12345678",  # 8 digits is not a CAF number
        "numéro allocataire : 06 12 34 56 78",  # a phone, not a CAF number
        "l'INE 12345678AB",  # one digit short
    ],
)
def test_context_only_near_misses(text: str) -> None:
    entities = {"CNI", "NUMERO_CAF", "INE", "PASSEPORT", "IDENTIFIANT_FRANCE_TRAVAIL"}
    assert [r for r in analyze(text) if r.entity_type in entities] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("serveur 192.168.1.12 ou", "192.168.1.12"),
        ("adresse IP 2001:db8::1 bloquée", "2001:db8::1"),
    ],
)
def test_ip_addresses(text: str, value: str) -> None:
    assert_found("ADRESSE_IP", text, value)


# Ordinary association sentences: none may give a finding, whatever its score.
BENIGN = [
    "Le loto de l'association a rapporté 4 300 euros en 2022.",  # amount, year
    "La cotisation annuelle est de 150 euros, payable avant le 15 janvier 2025.",  # amount, date
    "L'assemblée générale aura lieu le vendredi 19 juin à 19h à la Maison des associations.",  # date, time
    "En cas d'urgence, appelez le 17, le 15 ou le 112.",  # emergency numbers
    "Nos bureaux sont à 75011 Paris et à 59000 Lille.",  # postcodes with cities
    "Le SIRET de l'association est 732 829 320 00074.",  # association SIRET
    "Rendez-vous place de la République à 18h30.",  # street without number
    "Nous avons 2 cours de yoga et 3 places de parking.",  # street words as nouns
    "Rédige un appel aux dons pour les Restos du cœur, objectif 10 000 repas en 2024-2025.",
    "Le budget 2023 prévoit 12 500 € de subventions et 3 200 € de dons.",
    "La réunion du 14/07/2025 est reportée au 21.07.2025.",  # dates that are not birth dates
    "Compte rendu : 35 % des bénéficiaires ont entre 18 et 25 ans.",
    "Merci aux 120 bénévoles ! Prochaine collecte les 28 et 29 novembre.",
    "Traduis en anglais : notre association aide 1500 familles depuis 1998.",
    "Le colis numéro 3 contient 24 boîtes de conserve et 12 litres de lait.",
    "La salle Pierre et Marie Curie accueille 80 personnes.",
    "Tableau : ligne 1234567 à 1234590, colonnes B à F.",  # 7 digits without cue
    "Version 2.3.1 du logiciel, sortie le 3 mars 2024.",
]


@pytest.mark.parametrize("text", BENIGN)
def test_benign_association_sentence_has_no_finding(text: str) -> None:
    assert [(r.entity_type, text[r.start : r.end]) for r in analyze(text)] == []


def test_every_recognizer_is_french_fresh_and_typed() -> None:
    first, second = identifier_recognizers(), identifier_recognizers()
    assert [r.supported_language for r in first] == ["fr"] * len(first)
    assert list(dict.fromkeys(r.supported_entities[0] for r in first)) == list(IDENTIFIER_ENTITIES)
    assert all(a is not b for a, b in zip(first, second, strict=True))
    assert all(r.context for r in first)


def test_context_words_cover_french_elisions_and_english() -> None:
    contexts = {r.supported_entities[0]: r.context for r in identifier_recognizers()}
    assert "l'allocataire" in contexts["NUMERO_CAF"]
    assert "carte vitale" in contexts["NIR"]
    assert "d'identité" in contexts["CNI"]
    assert "social security number" in contexts["NIR"]
    assert "phone" in contexts["TELEPHONE"]


@pytest.mark.parametrize(
    ("value", "temporary"),
    [
        ("7 85 05 99 123 456 95", True),  # NIA starting with 7
        ("890129945678965", True),  # NIA starting with 8
        ("1 85 05 78 006 084 91", False),  # ordinary NIR
        ("269052A00412314", False),  # Corsica
        ("7 85 05 99 123 456 96", False),  # wrong key: not a NIR at all
    ],
)
def test_is_temporary_nir(value: str, temporary: bool) -> None:
    assert is_temporary_nir(value) is temporary


def test_is_valid_nir_accepts_any_spacing() -> None:
    assert is_valid_nir("1 85 05 78 006 084 91")
    assert is_valid_nir("2 69 05 2A 004 123 14")
    assert not is_valid_nir("1 85 05 78 006 084 92")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Son numéro de sécu est 1 85 05 78 006 084, sans la clé.",
            True,
        ),  # cue word, 13 characters
        ("NIR : 2690599350003", True),  # unspaced, cue word
        ("Référence commande 1 85 05 78 006 084.", False),  # no cue: could be anything
        (
            "Numéro de sécu 2 79 12 93 066 301 63",
            False,
        ),  # 15 characters, wrong key: not a NIR at all
    ],
)
def test_nir_without_key_needs_a_cue_word(text: str, found: bool) -> None:
    from anonymizer.recognizers.nir import nir_without_key_recognizer

    results = nir_without_key_recognizer().analyze(text, ["NIR"], None)
    assert bool(results) is found


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (
            "Call Sarah on +44 7700 900123 tomorrow.",
            "+44 7700 900123",
        ),  # fictional UK range, explicit +
        ("Joignable au 0044 7700 900123.", "0044 7700 900123"),  # 00 international prefix
    ],
)
def test_international_writing_is_a_phone_even_when_not_assigned(text: str, number: str) -> None:
    from anonymizer.recognizers.phone import phone_recognizer

    results = phone_recognizer().analyze(text, ["TELEPHONE"], None)
    assert [text[r.start : r.end] for r in results] == [number]


def test_phone_written_with_slashes_is_found_but_not_a_date() -> None:
    from anonymizer.recognizers.phone import phone_recognizer

    text = "Tél 06/12/34/56/78, rendez-vous le 12/05/2025."
    results = phone_recognizer().analyze(text, ["TELEPHONE"], None)
    assert [text[r.start : r.end] for r in results] == ["06/12/34/56/78"]
