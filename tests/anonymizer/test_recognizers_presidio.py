"""All identifier recognizers inside a real Presidio AnalyzerEngine on fr_core_news_md.

Checks that they load for language "fr" and that Presidio's lemma context booster does not move
their scores: context-only identifiers stay absent without their cue, even with spaCy present.
"""

from collections.abc import Iterator

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

from anonymizer.recognizers import IDENTIFIER_ENTITIES, identifier_recognizers

pytestmark = pytest.mark.spacy_model


@pytest.fixture(scope="module")
def analyzer() -> Iterator[AnalyzerEngine]:
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "fr", "model_name": "fr_core_news_md"}],
        }
    )
    registry = RecognizerRegistry(supported_languages=["fr"])
    for recognizer in identifier_recognizers():
        registry.add_recognizer(recognizer)
    yield AnalyzerEngine(
        nlp_engine=provider.create_engine(), registry=registry, supported_languages=["fr"]
    )


# (entity, sentence, value, expected score: exact, or None for "at least 0.5")
SENTENCES = [
    (
        "NIR",
        "Le numéro de sécu de Karim Benali est 1 85 05 78 006 084 91.",
        "1 85 05 78 006 084 91",
        1.0,
    ),
    (
        "IBAN",
        "Versez l'aide sur l'IBAN FR76 3000 6000 0112 3456 7890 189.",
        "FR76 3000 6000 0112 3456 7890 189",
        1.0,
    ),
    (
        "CARTE_BANCAIRE",
        "La carte bancaire du trésorier est 4970 1012 3456 7893.",
        "4970 1012 3456 7893",
        1.0,
    ),
    ("TELEPHONE", "Vous pouvez joindre Jean-Pierre au 06 12 34 56 78.", "06 12 34 56 78", 0.95),
    ("TELEPHONE", "Le 0692 12 34 56 est à jour.", "0692 12 34 56", 0.75),
    ("EMAIL", "Écrivez à jp.martin@orange.fr demain.", "jp.martin@orange.fr", 1.0),
    (
        "ADRESSE",
        "Elle habite au 5 bis avenue Jean Jaurès 59100 Roubaix.",
        "5 bis avenue Jean Jaurès 59100 Roubaix",
        0.95,
    ),
    ("DATE_NAISSANCE", "Mme Nguyen, née le 3 mars 1962, touche une aide.", "3 mars 1962", 0.9),
    ("PLAQUE", "Sa voiture est immatriculée AB-123-CD.", "AB-123-CD", 0.95),
    ("NUMERO_FISCAL", "Son numéro fiscal est 30 23 217 600 053.", "30 23 217 600 053", 1.0),
    ("PASSEPORT", "Son passeport n° 12AB34567 expire bientôt.", "12AB34567", None),
    ("CNI", "Sa carte d'identité porte le numéro 880692310285.", "880692310285", None),
    ("NUMERO_CAF", "Son numéro allocataire CAF est 1234567 depuis mai.", "1234567", None),
    (
        "IDENTIFIANT_FRANCE_TRAVAIL",
        "Son identifiant France Travail est 1234567A.",
        "1234567A",
        None,
    ),
    ("INE", "L'INE de l'élève est 123456789AB.", "123456789AB", None),
    (
        "NUMERO_NATIONAL_BE",
        "Son numéro de registre national est 85.07.30-033.28.",
        "85.07.30-033.28",
        1.0,
    ),
    ("ADRESSE_IP", "Le serveur répond sur 192.168.1.12 depuis hier.", "192.168.1.12", None),
]


def test_registry_holds_every_identifier_for_french(analyzer: AnalyzerEngine) -> None:
    assert set(analyzer.get_supported_entities(language="fr")) == set(IDENTIFIER_ENTITIES)


@pytest.mark.parametrize(("entity", "sentence", "value", "score"), SENTENCES)
def test_identifier_found_and_scored_in_the_engine(
    analyzer: AnalyzerEngine, entity: str, sentence: str, value: str, score: float | None
) -> None:
    results = analyzer.analyze(sentence, language="fr", score_threshold=0.5)
    hits = [(sentence[r.start : r.end], r.score) for r in results if r.entity_type == entity]
    assert [v for v, _ in hits] == [value]
    if score is None:
        assert hits[0][1] >= 0.5
    else:
        assert hits[0][1] == pytest.approx(score)


@pytest.mark.parametrize(
    "sentence",
    [
        # a context-only number next to words Presidio's lemma booster would match ("numéro")
        "Le numéro de la commande est 1234567, livrée le 3 mars 2024.",
        "Notre association aide 1500 familles à 75011 Paris depuis 2022 ; appelez le 17.",
        "Le loto a rapporté 4 300 euros, rendez-vous place de la République à 19h.",
    ],
)
def test_benign_sentences_have_no_finding_in_the_engine(
    analyzer: AnalyzerEngine, sentence: str
) -> None:
    assert analyzer.analyze(sentence, language="fr") == []
