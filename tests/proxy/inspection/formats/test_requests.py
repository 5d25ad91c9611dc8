import base64
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from proxy.config.catalog import load_catalog
from proxy.inspection.formats.errors import PayloadError
from proxy.inspection.formats.requests import Extraction, extract
from tests.support.paths import DATA

PAYLOADS = DATA / "payloads"
CASES = [
    pytest.param(fixture, case, id=f"{fixture.stem}:{case['name']}")
    for fixture in sorted(PAYLOADS.glob("*.json"))
    for case in json.loads(fixture.read_text("utf-8"))["cases"]
]
CATALOG = load_catalog()


def body_of(case: dict[str, Any]) -> bytes:
    if "body" in case:
        return json.dumps(case["body"], ensure_ascii=False).encode()
    if "body_text" in case:
        text: str = case["body_text"]
        return text.encode()
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"])
    return b""


def extract_case(case: dict[str, Any], body: bytes | None = None) -> Extraction:
    url = urlsplit(case["path"])
    match = CATALOG.match(case["host"], url.path, case["method"], websocket=case["websocket"])
    assert match is not None and match.kind in ("prompt", "upload")
    return extract(
        match.format,
        body_of(case) if body is None else body,
        case["content_type"],
        url.path,
        url.query,
    )


def test_one_fixture_file_per_catalogued_tool() -> None:
    ids = {tool.id for tool in CATALOG.tools}
    for fixture in PAYLOADS.glob("*.json"):
        assert fixture.stem in ids
        assert json.loads(fixture.read_text("utf-8"))["tool"] == fixture.stem


@pytest.mark.parametrize(("fixture", "case"), CASES)
def test_finds_the_users_texts_conversation_and_model(fixture: str, case: dict[str, Any]) -> None:
    found = extract_case(case)
    assert sorted(found.texts) == sorted(case["texts"])
    assert found.conversation == case["conversation"]
    assert found.model == case["model"]


@pytest.mark.parametrize(("fixture", "case"), CASES)
def test_rewrites_in_place_keeping_the_format_valid(fixture: str, case: dict[str, Any]) -> None:
    found = extract_case(case)
    replaced = [
        t.replace("Jean Dupont", "[PERSONNE_1]").replace("marie.martin@example.org", "[EMAIL_1]")
        for t in found.texts
    ]
    for upload in found.uploads:  # text files sent inline are rewritten in their place too
        upload.rewrite(upload.data.decode().replace("marie.martin@example.org", "[EMAIL_1]"))
    new_body = found.rebuild(replaced)
    assert b"Dupont" not in new_body and b"marie.martin" not in new_body
    if case["name"] == "streamingSearch ?q=":
        return  # the query string is rewritten, not the body (checked in test_query_prompt)
    match = CATALOG.match(
        case["host"], urlsplit(case["path"]).path, case["method"], case["websocket"]
    )
    assert match is not None
    again = extract(
        match.format,
        new_body,
        case["content_type"],
        urlsplit(case["path"]).path,
    )
    assert sorted(again.texts) == sorted(replaced)
    assert again.conversation == case["conversation"]


def test_query_prompt_is_rewritten_in_the_query_string() -> None:
    found = extract(
        "query_q", b"", "", "/api/streamingSearch", "q=Jean+Dupont+est+l%C3%A0&chatId=y"
    )
    assert found.texts == ["Jean Dupont est là"]
    assert found.rebuild(["[PERSONNE_1] est là"]) == b"q=%5BPERSONNE_1%5D+est+l%C3%A0&chatId=y"


def test_claude_attachment_size_follows_its_rewritten_text() -> None:
    body = json.dumps(
        {"prompt": "x", "attachments": [{"file_size": 11, "extracted_content": "Jean Dupont"}]}
    )
    found = extract("claude_web", body.encode(), "application/json")
    found.uploads[0].rewrite(
        "[PERSONNE_1] é"
    )  # the attachment is a file (proxy.inspection.files reads it)
    rebuilt = json.loads(found.rebuild(["x"]))
    assert rebuilt["attachments"][0]["file_size"] == len("[PERSONNE_1] é".encode())


def test_kimi_envelope_length_is_recomputed() -> None:
    payload = json.dumps({"message": {"blocks": [{"text": {"content": "Jean"}}]}}).encode()
    body = bytes([0]) + len(payload).to_bytes(4, "big") + payload
    found = extract("kimi_connect", body, "application/connect+json")
    new = found.rebuild(["[PERSONNE_1]"])
    assert int.from_bytes(new[1:5], "big") == len(new) - 5
    assert json.loads(new[5:])["message"]["blocks"][0]["text"]["content"] == "[PERSONNE_1]"


def test_gemini_web_keeps_double_encoding() -> None:
    inner = json.dumps([['Dis "bonjour"\nà Jean', 0], ["fr"]])
    from urllib.parse import parse_qs, urlencode

    body = urlencode({"f.req": json.dumps([None, inner]), "at": "tok"}).encode()
    found = extract("gemini_web", body, "application/x-www-form-urlencoded")
    assert found.texts == ['Dis "bonjour"\nà Jean']
    new = found.rebuild(['Dis "bonjour"\nà [PERSONNE_1]'])
    outer = json.loads(parse_qs(new.decode())["f.req"][0])
    assert json.loads(outer[1])[0][0] == 'Dis "bonjour"\nà [PERSONNE_1]'
    assert parse_qs(new.decode())["at"] == ["tok"]


def test_known_format_that_changed_falls_back_to_the_generic_extractor() -> None:
    body = json.dumps({"newShape": {"userText": "Bonjour, je suis Jean Dupont"}, "id": "abc-123"})
    found = extract("chatgpt_web", body.encode(), "application/json")
    assert found.texts == ["Bonjour, je suis Jean Dupont"]


@pytest.mark.parametrize(
    ("format_id", "body", "content_type", "problem"),
    [
        ("openai_chat", b'{"messages": [', "application/json", "malformed_json"),
        (
            "openai_chat",
            b'{"prompt": "a", "prompt": "b"}',
            "application/json",
            "malformed_json",
        ),  # duplicate keys
        ("openai_chat", b'{"prompt": NaN}', "application/json", "malformed_json"),
        ("openai_chat", b"[" * 100_000, "application/json", "malformed_json"),
        ("openai_chat", b'{"prompt": "\xff\xfe"}', "application/json", "invalid_utf8"),
        ("gemini_web", b"f.req=%ff%fe", "application/x-www-form-urlencoded", "malformed_form"),
        (
            "huggingchat",
            b'--b\r\nContent-Disposition: form-data; name="data"\r\n\r\n{}',
            "multipart/form-data; boundary=b",
            "malformed_multipart",
        ),
        (
            "huggingchat",
            b"--b--\r\n",
            "multipart/form-data",
            "malformed_multipart",
        ),  # no boundary parameter
        (
            "kimi_connect",
            b"\x00\x00\x00\x00\x09{}",
            "application/connect+json",
            "malformed_envelope",
        ),
        (
            "grok_upload",
            b'{"content": "not base64!", "fileName": "x.png"}',
            "application/json",
            "malformed_base64",
        ),
        (
            "openai_chat",
            b'{"messages": [{"content": [{"type": "file", "file": {"file_data": "data:application/pdf;base64,%%%"}}]}]}',
            "application/json",
            "malformed_base64",
        ),
    ],
)
def test_unreadable_payloads_raise(
    format_id: str, body: bytes, content_type: str, problem: str
) -> None:
    with pytest.raises(PayloadError) as error:
        extract(format_id, body, content_type)
    assert error.value.problem == problem


def test_multipart_binary_file_is_an_upload_not_a_text() -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\n\x89PNG\xff\xfe\r\n--b--\r\n"
    )
    found = extract("generic", body, "multipart/form-data; boundary=b")
    assert found.texts == []
    [upload] = found.uploads
    assert (upload.data, upload.name, upload.declared_type, upload.rewritable) == (
        b"\x89PNG\xff\xfe",
        "a.png",
        "image/png",
        False,
    )


def test_multipart_binary_part_without_file_name_is_refused() -> None:
    body = b'--b\r\nContent-Disposition: form-data; name="blob"\r\n\r\n\x89PNG\xff\xfe\r\n--b--\r\n'
    with pytest.raises(PayloadError, match="binary"):
        extract("generic", body, "multipart/form-data; boundary=b")


def test_multipart_quoted_boundary_and_text_file_are_read() -> None:
    body = (
        b'--x y\r\nContent-Disposition: form-data; name="file"; filename="n.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nJean Dupont habite ici\r\n--x y--\r\n"
    )
    found = extract("generic", body, 'multipart/form-data; boundary="x y"')
    assert found.texts == [] and found.uploads[0].content == "Jean Dupont habite ici"
    found.uploads[0].rewrite("[PERSONNE_1] habite ici")
    assert b"[PERSONNE_1] habite ici" in found.rebuild([])


def test_lone_surrogate_cannot_be_written_back() -> None:
    found = extract("openai_chat", b'{"prompt": "\\ud800 Jean"}', "application/json")
    with pytest.raises(PayloadError, match="invalid_utf8"):
        found.rebuild(["\ud800 [PERSONNE_1]"])
