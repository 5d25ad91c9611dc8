"""Cut a document's text into pieces the guard checks one by one (the pieces join back exactly).

The guard's cost grows faster than linearly with the length of one text (measured in
benchmarks/files_bench.py: a 1,000-row sheet as one text takes tens of seconds), while a
request's texts share one vault, so cutting at line ends keeps placeholders consistent.
"""

CHUNK_CHARS = 2_000


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of about ``size`` characters, cut after a line end when there is one."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size)
        end = cut + 1 if cut > start else start + size
        pieces.append(text[start:end])
        start = end
    if start < len(text) or not pieces:
        pieces.append(text[start:])
    return pieces
