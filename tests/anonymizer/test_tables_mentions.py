"""Tables read as tables, and later mentions of a person found (pure functions, no model)."""

from anonymizer.decision import Finding
from anonymizer.mentions import find_mentions
from anonymizer.refine import refine, split_at_line_breaks
from anonymizer.tables import find_tables, name_cells
from anonymizer.vault import Vault


def _values(text: str, findings: list[Finding]) -> list[str]:
    return [text[f.start : f.end] for f in findings if f.type == "PERSONNE"]


def test_semicolon_table_with_french_header_gives_every_name_cell() -> None:
    text = "Trie par nom :\nNOM;Prénom;Ville\nGIRAUD;Odile;Arras\nVAN DAMME;Koen;Gent\n"
    (table,) = find_tables(text)
    assert table.header is not None
    assert _values(text, name_cells(text, table)) == ["GIRAUD", "Odile", "VAN DAMME", "Koen"]


def test_markdown_table_with_dutch_and_english_headers() -> None:
    text = "| Naam | Voornaam | Phone |\n|---|---|---|\n| Peeters | Lotte | 123 |\n| Smith | Jo | 456 |"
    (table,) = find_tables(text)
    assert _values(text, name_cells(text, table)) == ["Peeters", "Lotte", "Smith", "Jo"]


def test_titles_stay_outside_and_empty_cells_are_skipped() -> None:
    text = "Bénéficiaire\tJour\nMme Rose Tellier\tlundi\n-\tmardi"
    (table,) = find_tables(text)
    assert _values(text, name_cells(text, table)) == ["Rose Tellier"]


def test_character_and_budget_tables_have_no_person_column() -> None:
    fiction = "Personnage,Rôle,Livre\nGavroche,gamin,Les Misérables\nJavert,policier,Les Misérables"
    budget = "Poste;Budget;Réalisé\nLocation;1200;1350\nAssurance;480;480"
    for text in (fiction, budget):
        (table,) = find_tables(text)
        assert name_cells(text, table) == []


def test_prose_with_commas_is_not_a_table() -> None:
    text = "Nous avons acheté du riz, des pâtes, du lait.\nPuis, le soir, nous avons rangé, trié, compté."
    assert all(not name_cells(text, t) for t in find_tables(text))


def test_headerless_table_uses_its_cells_to_find_the_name_column() -> None:
    text = "Durand;Sophie;12\nMartin;Karim;9\nPetit;Yasmine;4"
    first_names = frozenset({"sophie", "karim", "yasmine"})
    refined = refine(text, [], [], first_names)
    assert {"Sophie", "Karim", "Yasmine"} <= set(_values(text, refined.findings))


def test_header_words_are_never_people() -> None:
    text = "Nom;Prénom;Tél\nLEROY;Anne;0102030405\nBRUN;Paul;0102030406"
    header_as_person = Finding("PERSONNE", 0, 10, 0.85)
    refined = refine(text, [header_as_person], [], frozenset())
    assert "Nom;Prénom" not in _values(text, refined.findings)
    assert "LEROY" in _values(text, refined.findings)


def test_a_name_never_runs_across_a_line_break() -> None:
    text = "Situation\nBenali vient lundi"
    (left, right) = split_at_line_breaks(text, [Finding("PERSONNE", 0, 16, 0.85)])
    assert (text[left.start : left.end], text[right.start : right.end]) == ("Situation", "Benali")


def test_first_name_surname_caps_and_initials_are_the_same_person() -> None:
    text = "De : Bénédicte Fauvel\nMerci FAUVEL pour tout.\nBénédicte\nB.F. et B. Fauvel"
    found = [Finding("PERSONNE", 5, 21, 0.85)]
    mentions = find_mentions(text, found)
    assert _values(text, list(mentions.findings)) == ["FAUVEL", "Bénédicte", "B.F.", "B. Fauvel"]
    assert {full for _, full in mentions.aliases} == {"Bénédicte Fauvel"}


def test_lower_case_words_and_shared_first_names_are_not_mentions() -> None:
    text = "Rose Lemaire et Rose Dubois. Une rose pour Lemaire, et Rose viendra."
    found = [Finding("PERSONNE", 0, 12, 0.85), Finding("PERSONNE", 16, 27, 0.85)]
    mentions = find_mentions(text, found)
    values = _values(text, list(mentions.findings))
    assert values == ["Lemaire", "Rose"]  # "rose" is a flower; "Rose" alone: found, but ...
    assert dict(mentions.aliases).get("Rose") is None  # ... shared by two people: no alias


def test_short_forms_and_street_names() -> None:
    text = "To: Kevin Marsh\nHi Kev, see you rue Marsh? No: Marsh."
    mentions = find_mentions(text, [Finding("PERSONNE", 4, 15, 0.85)])
    assert _values(text, list(mentions.findings)) == ["Kev", "Marsh"]


def test_names_known_from_earlier_messages_are_found_again() -> None:
    text = "Peux-tu relancer Fauvel demain ?"
    mentions = find_mentions(text, [], known=["Bénédicte Fauvel"])
    assert _values(text, list(mentions.findings)) == ["Fauvel"]


def test_vault_alias_shares_the_full_names_placeholder_in_reading_order() -> None:
    vault = Vault()
    vault.alias("PERSONNE", "Bénédicte", "Bénédicte Fauvel")
    first = vault.placeholder_for("PERSONNE", "Bénédicte")
    assert first == "[PERSONNE_1]" == vault.placeholder_for("PERSONNE", "Bénédicte Fauvel")
    assert vault.value_for(first) == "Bénédicte Fauvel"
    assert vault.values("PERSONNE") == ["Bénédicte Fauvel"]
    assert vault.placeholder_for("PERSONNE", "Autre Nom") == "[PERSONNE_2]"


def test_a_name_ends_where_running_text_begins() -> None:
    from anonymizer.refine import trim_name

    text = "Jamie Walsh told me he is gay."
    assert _values(text, trim_name(text, Finding("PERSONNE", 0, len(text) - 1, 0.85))) == [
        "Jamie Walsh"
    ]
    text = "Can you ask whether Priya Nair could cover the Sunday shift?"
    end = text.index(" shift")
    assert _values(text, trim_name(text, Finding("PERSONNE", 0, end, 0.85))) == ["Priya Nair"]
    lower = "kevin dupuis"
    assert trim_name(lower, Finding("PERSONNE", 0, len(lower), 0.85))[0].end == len(lower)
    particle = "Marie de La Roche"
    assert _values(particle, trim_name(particle, Finding("PERSONNE", 0, 17, 0.85))) == [particle]


def test_a_remark_column_holds_no_person() -> None:
    text = "| Bénéficiaire | Jour | Remarque |\n|---|---|---|\n| Jean Roux | jeudi | Alzheimer |"
    ran_on = Finding("PERSONNE", text.index("Jean"), text.index("Alzheimer") + 9, 0.85)
    refined = refine(text, [ran_on], [], frozenset())
    assert _values(text, refined.findings) == ["Jean Roux"]
