"""Cut a long text into pieces analysed one by one, never inside a word.

Presidio's result handling compares every finding with every other one, so its cost grows with
the square of the number of findings: a 1,000-row spreadsheet pasted as one prompt took tens of
seconds. Analysing pieces of a few thousand characters keeps the whole linear. Cuts fall at a
paragraph break if possible, else a line end, a sentence end, or at least a space, so a name or a
number is never split between two pieces.
"""

PIECE_CHARS = 3_000
# Preferred cut points, best first; the cut falls just after them.
BREAKS = ("\n\n", "\n", ". ", "? ", "! ", "; ", " ")


def piece_spans(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans covering ``text`` exactly, each about ``size`` at most."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, limit: int) -> int:
    floor = start + (limit - start) // 2  # keep pieces from becoming tiny
    for mark in BREAKS:
        found = text.rfind(mark, floor, limit)
        if found != -1:
            return found + len(mark)
    found = max(text.rfind(" ", start, limit), text.rfind("\n", start, limit))
    if found != -1:
        return found + 1
    # One unbroken run of characters longer than a piece: cut after it rather than inside it.
    following = [i for i in (text.find(" ", limit), text.find("\n", limit)) if i != -1]
    return min(following) + 1 if following else len(text)
