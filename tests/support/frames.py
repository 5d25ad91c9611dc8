"""Gemini web answers read back the way a page does: length-prefixed frames, lengths in UTF-16 units."""

import json
from typing import Any


def read_frames(text: str) -> list[tuple[str, list[Any]]]:
    """(counted span, parsed frame) pairs, counting UTF-16 units one character at a time as JavaScript does."""
    assert text.startswith(")]}'")
    position, frames = 4, []
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        digits_end = position
        while text[digits_end].isdigit():
            digits_end += 1
        length, units, end = int(text[position:digits_end]), 0, digits_end
        while units < length:
            units += 2 if ord(text[end]) > 0xFFFF else 1
            end += 1
        assert units == length  # the length never cuts a surrogate pair
        span = text[digits_end:end]
        frames.append((span, json.loads(span)))
        position = end
    return frames
