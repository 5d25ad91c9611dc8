"""Long texts are analysed in pieces that join back exactly and never cut a word."""

from hypothesis import given
from hypothesis import strategies as st

from anonymizer.pieces import piece_spans


@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=8, max_value=60))
def test_pieces_cover_the_text_exactly_and_in_order(text: str, size: int) -> None:
    spans = piece_spans(text, size)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_a_cut_never_falls_inside_a_word() -> None:
    text = " ".join(["Jean-Pierre Dupont"] * 40)
    spans = piece_spans(text, 50)
    assert len(spans) > 1
    for _, end in spans[:-1]:
        assert text[end - 1] == " "  # a cut follows a space


def test_prefers_paragraph_then_line_then_sentence_breaks() -> None:
    text = "Première phrase. Deuxième phrase.\n" * 3 + "\n" + "Suite du texte. " * 5
    first_end = piece_spans(text, 120)[0][1]
    assert text[:first_end].endswith("\n\n")


def test_an_unbroken_run_longer_than_a_piece_stays_whole() -> None:
    text = "a" * 100 + " fin"
    assert piece_spans(text, 30) == [(0, 101), (101, 104)]
