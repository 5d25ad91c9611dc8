"""Cut a document's text into pieces the guard checks one by one (the pieces join back exactly).

A request's texts share one vault, so placeholders stay consistent across pieces. The cuts come
from the anonymizer's own splitter: at paragraph, line or sentence ends, never inside a word (a
name cut in two could slip past the name finder).
"""

from anonymizer.pieces import piece_spans

CHUNK_CHARS = 2_000


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of about ``size`` characters, cut at a line end or a space."""
    return [text[start:end] for start, end in piece_spans(text, size)]
