"""The charter decision on whole prompts, with the real French model (our own cases, not the dev set)."""

import pytest

from anonymizer import Decision, Guard, Vault, build_guard, load_detection_policy, restore
from anonymizer.policy import build_detection_policy

pytestmark = pytest.mark.spacy_model


@pytest.fixture(scope="module")
def guard() -> Guard:
    return build_guard(load_detection_policy())


ALLOWED = [
    # association work about sensitive topics, nobody identified
    "Explique les conditions pour toucher le RSA quand on a moins de 25 ans.",
    "Comment accompagner un bénévole en dépression sans le brusquer ?",
    "Rédige une note sur le droit d'asile pour la formation des nouveaux bénévoles.",
    "Quels sont les droits d'un salarié en arrêt maladie dans une petite association ?",
    "Fais une affiche pour la collecte de la banque alimentaire samedi devant le supermarché.",
    # opening imperatives are not names
    "Traduis ce texte en anglais : nous cherchons des bénévoles pour le soutien scolaire.",
    "Reformule ce paragraphe pour qu'il soit plus clair pour des familles.",
    "Simplifie cette phrase : la cotisation annuelle est fixée à 15 euros.",
    "Write a short thank-you note for our donors.",
    # places, institutions and public figures stay
    "Rédige un courrier à la CAF du Nord et à la CPAM de Lille pour demander un rendez-vous collectif.",
    "Prépare une visite de l'école Jules Ferry et de la salle Pierre et Marie Curie à Tourcoing.",
    "Écris un discours qui cite Victor Hugo et Simone Veil sur la solidarité.",
    # numbers that are not identifiers
    "Le budget est de 4 300 euros pour 2025, rendez-vous à 19h au 75011 Paris ? Reformule.",
    "Appelle le 115 si tu croises une personne à la rue cet hiver : fais une fiche réflexe.",
    "Rappelle madame la présidente pour la date de l'AG.",
    "Organise une réunion avec l'UNICEF et la FNARS la semaine prochaine.",
    "Corrige l'orthographe : Bonjour a tous, la reunion est reporté a jeudi.",
    "Comment parler du harcèlement scolaire à des enfants de 10 ans ?",
]


@pytest.mark.parametrize("text", ALLOWED)
def test_leaves_ordinary_association_prompts_untouched(guard: Guard, text: str) -> None:
    decision = guard.check(text)
    assert decision.action == "allow", decision.findings
    assert decision.text == text


PSEUDONYMIZED = [
    (
        "Envoie un message à Bernadette Vasseur pour la remercier de son aide à la kermesse.",
        ["Bernadette", "Vasseur"],
    ),
    ("j'ai eu mohamed au tel, il passera chercher les clés demain", ["mohamed"]),
    ("Réponds à M. Yann Le Goff que la salle est libre jeudi.", ["Le Goff", "Yann"]),
    ("Relance DUPONT Marie pour la cotisation 2025.", ["DUPONT", "Marie"]),
    ("Peux-tu écrire à Mme N'Diaye pour confirmer l'atelier couture ?", ["Diaye"]),
    ("Son RIB : FR14 2004 1010 0505 0001 3M02 606, merci de faire le virement.", ["FR14", "3M02"]),
    (
        "Le nouveau bénévole Jean-Pierre de Montigny (jp.montigny@free.fr, 07 81 22 33 44) commence lundi.",
        ["Montigny", "jp.montigny@free.fr", "07 81 22 33 44"],
    ),
    (
        "Write to Sarah Johnson (+44 7700 900123) about the volunteer fair.",
        ["Johnson", "7700 900123"],
    ),
    (
        "Organise un covoiturage : Gilles Fournier habite 12 avenue de la République, 59000 Lille.",
        ["Fournier", "12 avenue de la République"],
    ),
    ("Rédige une lettre de recommandation pour Inès Haddad, bénévole depuis 3 ans.", ["Haddad"]),
    ("Écris un mot pour Germaine qui fête ses 90 ans au club.", ["Germaine"]),
    ("peux-tu écrire à mme lefebvre pour la remercier ?", ["lefebvre"]),
    ("Contacte Wassila KERROUCHE pour la réunion de jeudi.", ["Wassila", "KERROUCHE"]),
    ("ok donc tu dis à kevin et à sofiane que c'est bon pour samedi", ["kevin", "sofiane"]),
    # activity words of the association, with the person in a role: not their situation
    ("Remercie Patrick Durand pour son aide à l'épicerie sociale tout l'hiver.", ["Durand"]),
    (
        "Léa Morin, responsable RH bénévole, prépare les entretiens annuels : aide-la à faire une grille.",
        ["Morin"],
    ),
    (
        "Jean Lambert est un militant associatif de longue date, écris son portrait pour la gazette.",
        ["Lambert"],
    ),
    (
        "Propose un planning : Sophie à l'accueil des réfugiés, Marc à la distribution alimentaire.",
        ["Sophie"],
    ),
    (
        "Fais le point sur les indemnités kilométriques de Thomas Girard pour le mois de mai.",
        ["Girard"],
    ),
]


@pytest.mark.parametrize(("text", "secrets"), PSEUDONYMIZED)
def test_pseudonymizes_identifiers_and_restores_them(
    guard: Guard, text: str, secrets: list[str]
) -> None:
    vault = Vault()
    decision = guard.check(text, vault)
    assert decision.action == "pseudonymize", decision
    assert decision.text is not None
    for secret in secrets:
        assert secret not in decision.text
    assert restore(decision.text, vault) == text


BLOCKED = [
    ("Rédige une attestation pour Karim Benali, qui est sous curatelle depuis mars.", "social"),
    ("Mme Fontaine a fait une tentative de suicide, comment en parler à l'équipe ?", "health"),
    ("Écris à Julien Marchal que son licenciement pour faute grave est confirmé.", "hr"),
    ("Nadia Cherif est enceinte de sept mois, adapte son planning de bénévole.", "health"),
    ("Sophie Lambert est sortie de prison le mois dernier et cherche un logement.", "justice"),
    ("Prépare la fiche d'inscription de Léo Martin, 8 ans, pour le centre aéré.", "minor"),
    ("Patrick Devaux est délégué syndical CGT : rédige son ordre de mission.", "opinion"),
    ("Paul Renard vient d'arriver. Il est séropositif et souhaite rester discret.", "health"),
    ("Write to John Miller that his asylum application was rejected.", "social"),
    ("Jérôme Dumas a voté RN aux dernières élections, doit-on le retirer du bureau ?", "opinion"),
    (
        "Bruno Lefort est gay et subit des moqueries pendant les entraînements, comment réagir ?",
        "sexuality",
    ),
    ("Yasmine Belkacem, 16 ans, veut faire son stage chez nous : rédige la convention.", "minor"),
    ("Kylian, 14 ans, placé en foyer, a rendez-vous chez le juge des enfants.", "minor"),
    ("Hélène Garnier est sans domicile fixe depuis son expulsion, écris au 115.", "social"),
    ("Rédige la demande d'aide alimentaire pour Sandrine Dupont, deux enfants à charge.", "social"),
]


@pytest.mark.parametrize(("text", "category"), BLOCKED)
def test_blocks_sensitive_data_about_an_identified_person(
    guard: Guard, text: str, category: str
) -> None:
    decision = guard.check(text)
    assert decision.action == "block", decision
    assert decision.text is None
    assert category in decision.categories
    assert any(r.rule in {"donnees-sensibles", "mineurs"} for r in decision.reasons)


def test_same_person_keeps_the_same_placeholder_across_turns(guard: Guard) -> None:
    vault = Vault()
    first = guard.check("Écris à Pauline Mercier pour la réunion de mardi.", vault)
    second = guard.check("Ajoute que Pauline Mercier animera l'atelier.", vault)
    assert first.text and second.text
    placeholder = first.text.split("à ")[1].split(" ")[0]
    assert placeholder.startswith("[PERSONNE_") and placeholder in second.text


def test_a_nir_with_a_wrong_key_is_still_pseudonymized(guard: Guard) -> None:
    valid = guard.check("Mon numéro de sécurité sociale est 2 79 12 93 066 301 62, aide-moi.")
    broken = guard.check("Mon numéro de sécurité sociale est 2 79 12 93 066 301 63, aide-moi.")
    assert [f.type for f in valid.findings] == ["NIR"] == [f.type for f in broken.findings]
    assert valid.findings[0].score == 1.0 > broken.findings[0].score
    assert broken.text is not None and "301 63" not in broken.text


def test_organisation_can_change_a_rule_action(guard: Guard) -> None:
    policy = build_detection_policy({"identifiers": {"actions": {"EMAIL": "block"}}}, "test.toml")
    strict = Guard(policy, guard._analyzer, guard._nlp_engine)
    decision = strict.check("Écris à contact.benevole@example.org pour la collecte.")
    assert decision.action == "block"
    assert decision.reasons[0].rule == "identifiants-interdits"


def test_reasons_never_quote_the_data(guard: Guard) -> None:
    decision: Decision = guard.check(
        "Thomas Bernard, né le 14/07/1985, est suivi pour une dépression."
    )
    assert decision.action == "block"
    for reason in decision.reasons:
        assert "Thomas" not in reason.detail and "1985" not in reason.detail


def test_a_resent_message_gets_the_same_decision_without_a_new_analysis(guard: Guard) -> None:
    vault = Vault()
    text = "Écris à Odette Brunet pour la kermesse."
    first = guard.check(text, vault)
    guard.check("Ajoute Mme Brunet en copie.", vault)
    again = guard.check(text, vault)
    assert again is first  # the conversation's earlier message, resent by the client
    assert guard.check(text, Vault()).text == first.text  # a new conversation analyses again


def test_long_texts_are_analysed_in_pieces_with_offsets_on_the_whole_text(guard: Guard) -> None:
    rows = "\n".join(
        f"Ligne {n} : Bernard Lemoine, 06 12 34 {n % 90 + 10:02d} 78, cotisation réglée."
        for n in range(150)
    )
    decision = guard.check(rows, Vault())
    assert decision.action == "pseudonymize" and decision.text is not None
    assert "Lemoine" not in decision.text and "06 12 34" not in decision.text
    for finding in decision.findings:
        assert rows[finding.start : finding.end].strip() == rows[finding.start : finding.end]
    assert decision.entity_counts["TELEPHONE"] == 150
