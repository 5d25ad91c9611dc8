"""What volunteers really paste, through the whole guard (our own cases, not the dev sets)."""

import pytest

from anonymizer import Guard, Vault, build_guard, load_detection_policy

pytestmark = pytest.mark.spacy_model


@pytest.fixture(scope="module")
def guard() -> Guard:
    return build_guard(load_detection_policy())


def test_csv_cells_are_read_one_by_one(guard: Guard) -> None:
    text = "Classe ces familles :\nNom,Prénom,Aide\nRoussel,Nadège,RSA\nKone,Awa,aucune"
    decision = guard.check(text)
    assert decision.action == "block"  # RSA in Nadège Roussel's row
    assert "social" in decision.categories


def test_a_table_introduced_by_a_sensitive_line_is_about_its_people(guard: Guard) -> None:
    text = "Liste des personnes en arrêt maladie ce mois-ci :\nNom;Prénom\nCARON;Léa\nBLANC;Hugo"
    assert guard.check(text).action == "block"


def test_a_signature_gets_the_senders_placeholder(guard: Guard) -> None:
    text = (
        "De : Bénédicte Fauvel <b.fauvel@example.org>\nObjet : clés\n\nJe passe demain.\nBénédicte"
    )
    decision = guard.check(text)
    assert decision.text is not None
    assert "Bénédicte" not in decision.text
    assert decision.text.count("[PERSONNE_1]") == 2


def test_a_surname_alone_in_a_later_message_keeps_its_placeholder(guard: Guard) -> None:
    vault = Vault()
    first = guard.check("Inscris Corentin Malabry à l'atelier vélo.", vault)
    later = guard.check("Et préviens Malabry que c'est samedi.", vault)
    assert first.text is not None and later.text is not None
    assert "[PERSONNE_1]" in first.text and "[PERSONNE_1]" in later.text
    assert "Malabry" not in later.text


@pytest.mark.parametrize(
    "text",
    [
        # a politeness formula is not a prayer
        "Merci de relire ma lettre à Mme Perrin :\nJe vous prie d'agréer, Madame, mes salutations.",
        # a contract's duration is not a minor's age
        "Fais le résumé du bail signé par Laurent Bize. Durée : 6 ans, loyer 700 euros.",
        # "mineures" qualifies repairs, not people
        "Note pour Julie Morel : le contrôle n'a relevé que des réparations mineures.",
        # an organisation's debt is its accounts
        "Rapport de la trésorière Anne Colin : la dette bancaire de l'association est de 9 000 euros.",
    ],
)
def test_long_documents_are_not_blocked_for_words_without_their_meaning(
    guard: Guard, text: str
) -> None:
    assert guard.check(text).action == "pseudonymize"


def test_a_first_name_that_is_also_a_topic_word_is_a_name(guard: Guard) -> None:
    assert guard.check("Ask Christian Dobbs to bring the chairs.").action == "pseudonymize"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # chat style: no accents, acronyms in lower case
        ("dis a mohamed que sa demande de rsa est refusee", "social"),
        ("rappelle a sonia que son rdv au cmpp est jeudi", "health"),
        ("karim est delegue syndical depuis mars, il peut pas venir", "opinion"),
        # a medicine by its brand after "prendre", or by its family ending
        ("Note pour le séjour : Gérard Lemoine prend du Kardegic tous les matins.", "health"),
        ("Rappelle à Sylvie Caron de prendre son oméprazole avant le repas.", "health"),
        # Belgian and English vocabulary
        ("Monique Lenoir est suivie par le CPAS depuis l'an dernier.", "social"),
        ("Write to Paul Grant about his rent arrears and his Universal Credit claim.", "social"),
        ("Draft a final warning for Mr Dean Marsh after the incident.", "hr"),
    ],
)
def test_indirect_and_informal_topics_are_seen(guard: Guard, text: str, category: str) -> None:
    decision = guard.check(text)
    assert decision.action == "block"
    assert category in decision.categories


@pytest.mark.parametrize(
    "text",
    [
        "Le logiciel ne se lance que sous Windows, préviens Marc Olivier.",  # not a medicine
        "Anne Duval prend le Thalys pour Bruxelles demain.",  # a train
        "paul roche a une ame genereuse, dis lui merci pour la kermesse",  # "âme", not the AME
    ],
)
def test_look_alikes_of_topics_are_not_topics(guard: Guard, text: str) -> None:
    assert guard.check(text).action == "pseudonymize"


def test_the_international_list_knows_names_the_french_list_lacks() -> None:
    from anonymizer.gazetteer import international_first_names

    names = international_first_names()
    assert {"priya", "siobhan", "maggie", "anne-marie"} <= names
    assert not {"bonjour", "thanks", "rue"} & names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Can you ask whether Priyanka could cover the Sunday shift?", "Priyanka"),
        ("Thanks for the cakes!\n> Bronwyn", "Bronwyn"),
        ("Hi all,\nI'm off next week.\nSiobhan", "Siobhan"),
        ("Merci de transmettre à Oksana et Dmytro le planning.", "Dmytro"),
    ],
)
def test_first_names_from_the_international_list_are_masked(
    guard: Guard, text: str, name: str
) -> None:
    decision = guard.check(text)
    assert decision.text is not None and name not in decision.text


@pytest.mark.parametrize(
    "text",
    [
        "We fund two schools in Jordan and one near Florence.",
        "Translate: the office is closed in May and in August.",
        "Write a piece on Nelson Mandela's years in prison for our display.",
    ],
)
def test_places_months_and_public_figures_are_not_masked(guard: Guard, text: str) -> None:
    assert guard.check(text).action == "allow"


def test_a_lower_case_first_name_opening_a_chat_message(guard: Guard) -> None:
    decision = guard.check(
        "tu peux dire au groupe: dylan revient au club lundi apres sa sortie de prison"
    )
    assert decision.action == "block"
    assert "justice" in decision.categories
