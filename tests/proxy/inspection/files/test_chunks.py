from hypothesis import given
from hypothesis import strategies as st

from proxy.inspection.files.chunks import split_text


@given(st.text(alphabet="ab \n\t", max_size=3_000), st.integers(min_value=1, max_value=500))
def test_pieces_join_back_exactly_and_stay_bounded(text: str, size: int) -> None:
    pieces = split_text(text, size)
    assert "".join(pieces) == text
    # a piece is only longer than asked when it is one unbroken run (never cut inside a word)
    assert all(len(p) <= size or not any(c in p[:-1] for c in " \n") for p in pieces)


def test_cuts_after_a_line_end() -> None:
    assert split_text("ligne un\nligne deux\nfin", 12) == ["ligne un\n", "ligne deux\n", "fin"]
