"""Gemini web answers (StreamGenerate): length-prefixed frames restored, lengths in UTF-16 units.

The fixture tests/data/answers/gemini_web.txt follows ai_tools.md §2.3: the ``)]}'`` guard, then
``<length>\\n<json>\\n`` frames whose length counts UTF-16 code units from just after the digits;
the answer is a JSON string inside the frame, with the whole text so far at ``inner[4][0][1][0]``.
It holds an emoji (two UTF-16 units, one code point, four UTF-8 bytes) so a length counted in code
points or bytes cuts the frames wrongly. The frames are read back here the way a page does, one
UTF-16 unit at a time, independently of the code under test.
"""

import json

import pytest

from anonymizer.vault import Vault
from proxy.inspection.formats.answers import stream_restorer_for
from proxy.inspection.formats.gemini_frames import GeminiFrameRestorer
from tests.support.frames import read_frames
from tests.support.paths import DATA

RAW = (DATA / "answers" / "gemini_web.txt").read_bytes()
RESTORED = "Voici le mot pour Jean Dupont 🌻 : merci pour ces dix ans, écrivez-lui à jean.dupont@example.org."
CONTENT_TYPE = "application/json; charset=utf-8"


@pytest.fixture
def vault() -> Vault:
    vault = Vault()
    assert vault.placeholder_for("PERSONNE", "Jean Dupont") == "[PERSONNE_1]"
    assert vault.placeholder_for("EMAIL", "jean.dupont@example.org") == "[EMAIL_1]"
    return vault


def answer_texts(text: str) -> list[str]:
    return [
        json.loads(frame[0][2])[4][0][1][0]
        for _, frame in read_frames(text)
        if frame[0][0] == "wrb.fr"
    ]


def run(raw: bytes, vault: Vault, cuts: list[int]) -> list[bytes]:
    transform = GeminiFrameRestorer(vault)
    bounds = [0, *cuts, len(raw)]
    return [transform(raw[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)] + [
        transform(b"")
    ]


def test_the_fixture_is_framed_in_utf16_units() -> None:
    frames = read_frames(RAW.decode())
    assert len(frames) == 5 and all(
        span.startswith("\n") and span.endswith("\n") for span, _ in frames
    )
    assert "🌻" in RAW.decode() and len(RAW.decode()) != len(RAW.decode().encode("utf-16-le")) // 2


def test_every_snapshot_is_restored_and_every_length_recomputed(vault: Vault) -> None:
    transform = stream_restorer_for(CONTENT_TYPE, vault, "gemini_web")
    assert isinstance(transform, GeminiFrameRestorer)
    out = (transform(RAW) + transform(b"")).decode()
    texts = answer_texts(out)
    assert texts[0] == "Voici le mot" and texts[-1] == RESTORED
    assert (
        texts[1] == "Voici le mot pour [PERS"
    )  # a snapshot cut inside a placeholder shows it as sent
    assert all("[PERSONNE_1]" not in t and "[EMAIL_1]" not in t for t in texts)
    thoughts = json.loads(read_frames(out)[3][1][0][2])[4][0][12]
    assert thoughts == [["Je cherche un ton chaleureux pour Jean Dupont."]]
    for span, _ in read_frames(
        out
    ):  # the server's framing kept: newline after the digits and after the JSON
        assert span.startswith("\n") and span.endswith("\n")


def test_frames_without_placeholders_pass_byte_for_byte(vault: Vault) -> None:
    out = GeminiFrameRestorer(vault)(RAW)
    assert out.startswith(
        RAW[: RAW.index(b"\n163\n")]
    )  # the guard and the first snapshot untouched
    assert out.endswith(
        b'54\n[["di",1843],["af.httprm",1842,"-4829114\\u003d",17]]\n'
    )  # escapes kept


def test_a_vault_that_issued_nothing_changes_nothing() -> None:
    assert b"".join(run(RAW, Vault(), [])) == RAW


def test_split_at_every_position_gives_the_same_answer(vault: Vault) -> None:
    whole = b"".join(run(RAW, vault, []))
    for cut in range(1, len(RAW)):  # inside the guard, the digits, a placeholder, the emoji's bytes
        assert b"".join(run(RAW, vault, [cut])) == whole, cut


def test_byte_by_byte_each_frame_leaves_with_its_last_byte(vault: Vault) -> None:
    outputs = run(RAW, vault, list(range(1, len(RAW))))
    assert outputs[3] == b")]}'"  # the guard leaves at once: the first byte never waits for the end
    text = RAW.decode()
    frame_ends, position = [], 4
    for span, _ in read_frames(text):
        position = text.index(span, position) + len(span)
        frame_ends.append(len(text[:position].encode()) - 1)  # index of the frame's last byte
    produced = [i for i, out in enumerate(outputs) if out.strip(b"\n") and i > 3]
    assert produced == frame_ends
    assert answer_texts(b"".join(outputs).decode())[-1] == RESTORED


def test_a_truncated_last_frame_is_passed_on_as_it_came(vault: Vault) -> None:
    cut = len(RAW) - 10
    out = b"".join(run(RAW[:cut], vault, []))
    assert out.endswith(RAW[RAW.rindex(b"\n54\n") + 1 : cut])


def test_a_body_that_is_not_framed_is_refused_and_abandon_gives_everything_back(
    vault: Vault,
) -> None:
    transform = GeminiFrameRestorer(vault)
    first_frame_end = RAW.index(b"\n163\n") + 1
    good = transform(RAW[:first_frame_end])
    with pytest.raises(ValueError):
        transform(b"<html>erreur [PERSONNE_1]</html>")
    assert good + transform.abandon() == RAW[:first_frame_end] + b"<html>erreur [PERSONNE_1]</html>"


def test_no_gemini_restorer_for_an_html_page(vault: Vault) -> None:
    assert stream_restorer_for("text/html; charset=utf-8", vault, "gemini_web") is None
