import functools
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymizer.decision import Finding
from anonymizer.pseudonymize import Pseudonymizer
from anonymizer.restore import restore
from anonymizer.vault import Vault, VaultFullError, normalized_key


@pytest.fixture(scope="module")
def pseudonymizer() -> Pseudonymizer:
    return Pseudonymizer()


def spans(text: str, *typed_values: tuple[str, str]) -> list[Finding]:
    """Findings for the first occurrence of each value."""
    return [
        Finding(kind, text.index(value), text.index(value) + len(value), 0.9)
        for kind, value in typed_values
    ]


def test_values_become_placeholders_in_reading_order(pseudonymizer: Pseudonymizer) -> None:
    text = "Jean Dupont (jean@exemple.fr, 06 12 34 56 78) a appelé Marie Curie."
    findings = spans(
        text,
        ("PERSONNE", "Jean Dupont"),
        ("EMAIL", "jean@exemple.fr"),
        ("TELEPHONE", "06 12 34 56 78"),
        ("PERSONNE", "Marie Curie"),
    )
    vault = Vault()
    sent = pseudonymizer.pseudonymize(text, findings, vault)
    assert sent == "[PERSONNE_1] ([EMAIL_1], [TELEPHONE_1]) a appelé [PERSONNE_2]."
    assert restore(sent, vault) == text


def test_the_same_person_keeps_a_placeholder_across_turns(pseudonymizer: Pseudonymizer) -> None:
    vault = Vault()
    first = "Bonjour, je suis Jean Dupont, 06 12 34 56 78."
    second = "Rappelez JEAN DUPONT au 0612345678, avec Paul."
    assert (
        pseudonymizer.pseudonymize(
            first, spans(first, ("PERSONNE", "Jean Dupont"), ("TELEPHONE", "06 12 34 56 78")), vault
        )
        == "Bonjour, je suis [PERSONNE_1], [TELEPHONE_1]."
    )
    second_findings = spans(
        second, ("PERSONNE", "JEAN DUPONT"), ("TELEPHONE", "0612345678"), ("PERSONNE", "Paul")
    )
    assert (
        pseudonymizer.pseudonymize(second, second_findings, vault)
        == "Rappelez [PERSONNE_1] au [TELEPHONE_1], avec [PERSONNE_2]."
    )


def test_adjacent_findings_stay_apart(pseudonymizer: Pseudonymizer) -> None:
    text = "JeanMarie"
    findings = [Finding("PERSONNE", 0, 4, 0.9), Finding("PERSONNE", 4, 9, 0.9)]
    vault = Vault()
    assert pseudonymizer.pseudonymize(text, findings, vault) == "[PERSONNE_1][PERSONNE_2]"
    assert restore("[PERSONNE_1][PERSONNE_2]", vault) == text


def test_space_separated_findings_of_one_type_are_not_merged(pseudonymizer: Pseudonymizer) -> None:
    text = "a@b.fr c@d.fr"
    vault = Vault()
    assert pseudonymizer.pseudonymize(
        text, spans(text, ("EMAIL", "a@b.fr"), ("EMAIL", "c@d.fr")), vault
    ) == ("[EMAIL_1] [EMAIL_2]")


def test_overlapping_findings_are_resolved_by_presidio(pseudonymizer: Pseudonymizer) -> None:
    text = "Écrire au 12 rue Jean Jaurès, Lille."
    address = spans(text, ("ADRESSE", "12 rue Jean Jaurès"))[0]
    name = spans(text, ("PERSONNE", "Jean Jaurès"))[0]
    vault = Vault()
    sent = pseudonymizer.pseudonymize(text, [name, address], vault)
    assert sent == "Écrire au [ADRESSE_1], Lille."
    assert "Jean" not in sent
    assert restore(sent, vault) == text


def test_no_findings_leaves_the_text_untouched(pseudonymizer: Pseudonymizer) -> None:
    vault = Vault()
    text = "Rien à cacher [PERSONNE_1]."
    assert pseudonymizer.pseudonymize(text, [], vault) is text
    assert vault.placeholder_for("PERSONNE", "Jean") == "[PERSONNE_2]"


def test_values_that_look_like_placeholders(pseudonymizer: Pseudonymizer) -> None:
    text = "Le pseudo [PERSONNE_1] et l'adresse [x]@exemple.fr, puis Jean."
    findings = spans(
        text, ("PERSONNE", "[PERSONNE_1]"), ("EMAIL", "[x]@exemple.fr"), ("PERSONNE", "Jean")
    )
    vault = Vault()
    sent = pseudonymizer.pseudonymize(text, findings, vault)
    assert sent == "Le pseudo [PERSONNE_2] et l'adresse [EMAIL_1], puis [PERSONNE_3]."
    assert restore(sent, vault) == text


def test_literal_placeholders_in_the_prompt_are_never_reused(pseudonymizer: Pseudonymizer) -> None:
    text = "Remplacez [PERSONNE_1] par Jean dans le modèle."
    vault = Vault()
    sent = pseudonymizer.pseudonymize(text, spans(text, ("PERSONNE", "Jean")), vault)
    assert sent == "Remplacez [PERSONNE_1] par [PERSONNE_2] dans le modèle."
    assert restore(sent, vault) == text


@pytest.mark.parametrize(
    "finding",
    [
        Finding("PERSONNE", 3, 3, 0.9),
        Finding("PERSONNE", -1, 2, 0.9),
        Finding("PERSONNE", 2, 99, 0.9),
    ],
)
def test_findings_outside_the_text_are_refused(
    pseudonymizer: Pseudonymizer, finding: Finding
) -> None:
    with pytest.raises(ValueError):
        pseudonymizer.pseudonymize("Jean Dupont", [finding], Vault())


def test_full_vault_stops_pseudonymization(pseudonymizer: Pseudonymizer) -> None:
    text = "Jean, Marie, Paul"
    findings = spans(text, ("PERSONNE", "Jean"), ("PERSONNE", "Marie"), ("PERSONNE", "Paul"))
    with pytest.raises(VaultFullError):
        pseudonymizer.pseudonymize(text, findings, Vault(max_values=2))


def test_full_vault_stops_pseudonymization_of_overlapping_findings(
    pseudonymizer: Pseudonymizer,
) -> None:
    # Overlapping findings are numbered by Presidio's operator itself: the error must come through.
    text = "Jean Marie"
    findings = [Finding("PERSONNE", 0, 10, 0.9), Finding("ADRESSE", 5, 10, 0.95)]
    vault = Vault(max_values=1)
    vault.placeholder_for("EMAIL", "x@y.fr")
    with pytest.raises(VaultFullError):
        pseudonymizer.pseudonymize(text, findings, vault)


def test_values_never_reach_the_logs(
    pseudonymizer: Pseudonymizer, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Jean Dupont, jean@exemple.fr"
    caplog.set_level(logging.DEBUG)
    vault = Vault(max_values=1)
    findings = spans(text, ("PERSONNE", "Jean Dupont"), ("EMAIL", "jean@exemple.fr"))
    with pytest.raises(VaultFullError):
        pseudonymizer.pseudonymize(text, findings, vault)
    pseudonymizer.pseudonymize(text, findings[:1], Vault())
    assert caplog.records  # Presidio and the vault did log, with types and counts only
    assert "Jean" not in caplog.text
    assert "exemple" not in caplog.text
    assert "PERSONNE_1" not in caplog.text


TYPES = ["PERSONNE", "EMAIL", "TELEPHONE", "ADRESSE_IP", "NIR", "DATE_NAISSANCE"]
# Running text that opens no link context (no ":/?#<(" or "."), with "[" "]" and literal placeholders.
PLAIN = st.lists(
    st.one_of(
        st.text(alphabet="abcdeéèçàôWXYZ 0123\n,;!-'\"*_|{}[]", max_size=8),
        st.sampled_from(["[PERSONNE_1]", "[EMAIL_2]", "[TELEPHONE_1", "[PERSONNE_"]),
    ),
    max_size=4,
).map("".join)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Finding], list[str | tuple[str, str]]]:
    # One spelling per value: two spellings of one value share a placeholder and restore as the first.
    pools = {
        kind: draw(
            st.lists(
                st.text(min_size=1, max_size=10),
                min_size=1,
                max_size=3,
                unique_by=functools.partial(normalized_key, kind),
            )
        )
        for kind in TYPES
    }
    pieces: list[str | tuple[str, str]] = []
    findings: list[Finding] = []
    position = 0
    for _ in range(draw(st.integers(0, 6))):
        plain = draw(PLAIN)
        kind = draw(st.sampled_from(TYPES))
        value = draw(st.sampled_from(pools[kind]))
        pieces += [plain, (kind, value)]
        position += len(plain)
        findings.append(Finding(kind, position, position + len(value), 0.9))
        position += len(value)
    pieces.append(draw(PLAIN))
    text = "".join(piece if isinstance(piece, str) else piece[1] for piece in pieces)
    return text, findings, pieces


@given(documents())
def test_restore_undoes_pseudonymize(
    pseudonymizer: Pseudonymizer, document: tuple[str, list[Finding], list[str | tuple[str, str]]]
) -> None:
    text, findings, pieces = document
    vault = Vault()
    sent = pseudonymizer.pseudonymize(text, findings, vault)
    expected_sent = "".join(
        piece if isinstance(piece, str) else vault.placeholder_for(*piece) for piece in pieces
    )
    assert sent == expected_sent
    assert len(vault) == len(
        {
            (kind, normalized_key(kind, value))
            for kind, value in (p for p in pieces if isinstance(p, tuple))
        }
    )
    assert restore(sent, vault) == text
