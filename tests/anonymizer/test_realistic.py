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


@pytest.mark.parametrize(
    "text",
    [
        "Monsieur le Trésorier,\nVeuillez trouver ci-joint le budget 2026.",  # a role
        "Écris un courrier au CPAS de Charleroi et à la mutuelle de Wavre pour la collecte.",  # towns
        "Fais un quiz sur Astérix, Obélix et Panoramix pour les 8-10 ans.",  # fiction
        "Résume le débat entre Jordan Bardella et Raphaël Glucksmann pour notre atelier citoyen.",
    ],
)
def test_roles_towns_fiction_and_politicians_stay(guard: Guard, text: str) -> None:
    assert guard.check(text).action == "allow"


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("Marie Roux accompagne les élèves au musée jeudi.", False),  # the pupils are not Marie
        ("Paul Morel dirige le club de foot depuis 12 ans.", False),  # a duration, after a verb
        ("Mon fils Hugo a 10 ans, il rentre en CM2.", True),  # "a 10 ans" is Hugo's age
        ("Inscris Lina Haddad, 11 ans, au stage de Pâques.", True),
    ],
)
def test_an_age_or_a_minor_cue_needs_the_person_it_belongs_to(
    guard: Guard, text: str, minor: bool
) -> None:
    assert ("minor" in guard.check(text).categories) is minor


@pytest.mark.parametrize(
    "text",
    [
        # the topic qualifies the people the association serves, not the person named
        "Mme Laura Petit anime des séances de sport pour des personnes en situation de handicap.",
        "Rédige un mot de remerciement à Marc Blin, qui accompagne les familles expulsées.",
        # an institution as a funder, not a person's benefits
        "Mme Sophie Leroy présente les comptes. Elle souligne que les subventions de la CAF sont en hausse.",
    ],
)
def test_a_topic_about_a_group_or_a_funder_is_about_no_one(guard: Guard, text: str) -> None:
    assert guard.check(text).action == "pseudonymize"


def test_a_group_in_a_table_intro_still_concerns_the_people_listed(guard: Guard) -> None:
    text = "Courrier pour les personnes suivies par le CPAS :\nNom;Prénom\nDURAND;Alice\nPETIT;Omar"
    assert guard.check(text).action == "block"


def test_minutes_headers_are_not_people(guard: Guard) -> None:
    decision = guard.check(
        "Présents : Jean Roux, Léa Pons.\nExcusés : Marc Dol.\nMesdames, Messieurs,"
    )
    assert decision.text is not None
    assert "Excusés" in decision.text and "Mesdames" in decision.text


def test_english_prose_words_are_not_people(guard: Guard) -> None:
    text = (
        "Hi team,\n\nThanks to everyone who came to the quarterly review. Attendance was strong and "
        "the food bank served 320 households in March. The trustees approved the new handbook."
    )
    assert guard.check(text).action == "allow"


def test_short_english_first_names_between_others(guard: Guard) -> None:
    decision = guard.check("Could you send the rota to Aisha and Ben before Friday?")
    assert decision.text is not None and "Ben" not in decision.text and "Aisha" not in decision.text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Mevrouw Annelies Claes leeft van een leefloon van het OCMW sinds haar scheiding.",
            "social",
        ),
        (
            "ma voisine linda sort de cure de desintox la semaine pro, on lui garde sa place ?",
            "health",
        ),
    ],
)
def test_dutch_and_chat_vocabulary(guard: Guard, text: str, category: str) -> None:
    assert category in guard.check(text).categories


def test_function_words_are_not_in_the_international_list() -> None:
    from anonymizer.gazetteer import international_first_names

    assert not {"the", "can", "may"} & international_first_names()
