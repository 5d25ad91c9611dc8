"""Files through the real guard (`garde-ia run`, French model) to a local fake upload endpoint.

One test per upload mechanism (multipart to the tool, pre-signed PUT to a storage host, inline
base64 in JSON, Claude's inline extracted_content), hostile files, and the usage log afterwards.
"""

import base64
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.upload_server import start_upload_server
from tests.support import documents as d
from tests.support.guard import LaunchGuard, ProxyProcess
from tests.support.net import free_port
from tests.support.upstream import Upstream

pytestmark = pytest.mark.spacy_model
HOSTS = ("claude.ai", "files.oaiusercontent.com", "api.openai.com", "grok.com", "api.mistral.ai")
CLAUDE_UPLOAD = "https://claude.ai/api/org-1/upload"
CHATGPT_PUT = "https://files.oaiusercontent.com/file-abc?sv=2020-04-08&sr=b&sig=x"
CLAUDE_TURN = "https://claude.ai/api/organizations/org-1/chat_conversations/conv-1/completion"


@pytest.fixture(scope="module")
def uploads_server(test_ca: Path) -> Iterator[Upstream]:
    upstream, server = start_upload_server(test_ca)
    yield upstream
    server.shutdown()


@pytest.fixture(scope="module")
def guard(launch_guard: LaunchGuard, uploads_server: Upstream) -> ProxyProcess:
    return launch_guard("files-guard", uploads_server.port, HOSTS)


@pytest.fixture
def upstream(uploads_server: Upstream) -> Upstream:
    uploads_server.received.clear()
    return uploads_server


def multipart(guard: ProxyProcess, url: str, name: str, data: bytes, mime: str) -> httpx.Response:
    with guard.client() as c:
        return c.post(url, files={"file": (name, data, mime)}, data={"orgUuid": "org-1"})


def blocked_message(response: httpx.Response, upstream: Upstream) -> str:
    assert response.status_code == 403, response.text
    assert response.headers["x-garde-ia"] == "blocked"
    assert upstream.received == []
    message: str = response.json()["error"]["message"]
    return message


def test_multipart_document_with_names_is_blocked_with_advice_to_anonymize(
    guard: ProxyProcess, upstream: Upstream
) -> None:
    response = multipart(
        guard, CLAUDE_UPLOAD, "cr.docx", d.docx_bytes(d.MINUTES), "application/octet-stream"
    )
    message = blocked_message(response, upstream)
    assert "remplacez les noms" in message and "Règle de la charte" in message
    assert "Dupont" not in message


def test_multipart_neutral_documents_reach_the_tool_unchanged(
    guard: ProxyProcess, upstream: Upstream
) -> None:
    for name, data in (
        ("cr.docx", d.docx_bytes(d.NEUTRAL)),
        ("cr.odt", d.odt_bytes(d.NEUTRAL)),
        ("budget.ods", d.ods_bytes([["Poste", "Montant"], ["Buvette", "120"]])),
    ):
        response = multipart(guard, CLAUDE_UPLOAD, name, data, "application/octet-stream")
        assert response.status_code == 200, response.text
        assert data in upstream.received[-1].body  # forwarded byte for byte


def test_presigned_put_spreadsheet_with_people_is_blocked_and_neutral_pdf_passes(
    guard: ProxyProcess, upstream: Upstream
) -> None:
    rows = [
        ["Nom", "Téléphone"],
        ["Jean Dupont", "06 12 34 56 78"],
        ["Marie Durand", "07 98 76 54 32"],
    ]
    with guard.client() as c:
        blocked = c.put(
            CHATGPT_PUT,
            content=d.xlsx_bytes(rows),
            headers={
                "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "x-ms-blob-type": "BlockBlob",
            },
        )
        assert "Dupont" not in blocked_message(blocked, upstream)
        pdf = d.pdf_bytes(d.NEUTRAL)
        passed = c.put(
            CHATGPT_PUT,
            content=pdf,
            headers={"content-type": "application/pdf", "x-ms-blob-type": "BlockBlob"},
        )
    assert passed.status_code == 200 and upstream.received[-1].body == pdf


def test_presigned_put_image_follows_the_tool_status(
    guard: ProxyProcess, upstream: Upstream
) -> None:
    with guard.client() as c:
        response = c.put(CHATGPT_PUT, content=d.png_bytes(), headers={"content-type": "image/png"})
    message = blocked_message(response, upstream)  # ChatGPT is tolerated, not approved
    assert "une image" in message and "Le Chat" in message  # names an approved tool


def test_approved_tool_receives_unreadable_files(guard: ProxyProcess, upstream: Upstream) -> None:
    png = d.png_bytes()
    response = multipart(guard, "https://api.mistral.ai/v1/files", "photo.png", png, "image/png")
    assert response.status_code == 200 and png in upstream.received[-1].body


def test_inline_base64_pdf_in_a_chat_request_is_read(
    guard: ProxyProcess, upstream: Upstream
) -> None:
    def chat(pdf: bytes) -> httpx.Response:
        data_url = "data:application/pdf;base64," + base64.b64encode(pdf).decode()
        body = {
            "model": "gpt-4o",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "Résume ce document."},
                        {"type": "file", "file": {"filename": "cr.pdf", "file_data": data_url}},
                    ],
                }
            ],
        }
        with guard.client() as c:
            return c.post(
                "https://api.openai.com/v1/chat/completions",
                json=body,
                headers={"authorization": "Bearer sk-test"},
            )

    assert "remplacez les noms" in blocked_message(chat(d.pdf_bytes(d.MINUTES)), upstream)
    assert chat(d.pdf_bytes(d.NEUTRAL)).status_code == 200 and len(upstream.received) == 1


def test_inline_base64_text_file_upload_to_grok(guard: ProxyProcess, upstream: Upstream) -> None:
    def send(text: str) -> httpx.Response:
        body = {
            "fileName": "notes.txt",
            "fileMimeType": "text/plain",
            "content": base64.b64encode(text.encode()).decode(),
        }
        with guard.client() as c:
            return c.post("https://grok.com/rest/app-chat/upload-file", json=body)

    blocked_message(send("\n".join(d.MINUTES)), upstream)
    assert send("\n".join(d.NEUTRAL)).status_code == 200 and len(upstream.received) == 1


def test_claude_inline_extracted_content_is_a_file(guard: ProxyProcess, upstream: Upstream) -> None:
    def turn(content: str) -> httpx.Response:
        body = {
            "prompt": "Peux-tu résumer la pièce jointe ?",
            "attachments": [
                {
                    "file_name": "notes.txt",
                    "file_type": "txt",
                    "file_size": len(content.encode()),
                    "extracted_content": content,
                }
            ],
        }
        with guard.client() as c:
            return c.post(CLAUDE_TURN, json=body)

    assert "remplacez les noms" in blocked_message(turn("\n".join(d.MINUTES)), upstream)
    assert (
        turn("\n".join(d.NEUTRAL)).status_code == 200 and b"quartier" in upstream.received[-1].body
    )


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("cr.docx", d.zip_bomb_docx(50_000_000), "bombe de décompression"),
        ("cr.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "endommagé ou mal formé"),
        ("notes.txt", d.pdf_bytes(d.NEUTRAL), "ne correspond pas à son contenu"),
        ("cr.pdf", d.encrypted_pdf_bytes(d.NEUTRAL), "protégé par un mot de passe"),
    ],
    ids=["zip-bomb", "malformed-pdf", "wrong-extension", "encrypted"],
)
def test_hostile_files_are_blocked_with_a_clear_message(
    guard: ProxyProcess, upstream: Upstream, name: str, data: bytes, expected: str
) -> None:
    message = blocked_message(
        multipart(guard, CLAUDE_UPLOAD, name, data, "application/octet-stream"), upstream
    )
    assert expected in message and message.startswith("garde-ia : votre fichier n'a pas été envoyé")


def test_usage_log_keeps_file_types_and_sizes_only(
    tmp_path: Path, test_ca: Path, uploads_server: Upstream
) -> None:
    port = free_port()
    options = [
        "connection_strategy=lazy",
        f"ssl_verify_upstream_trusted_ca={test_ca / 'ca.pem'}",
        f"map_remote=|https://claude[.]ai|https://127.0.0.1:{uploads_server.port}",
    ]
    args = [sys.executable, "-m", "proxy", "run", "--listen-port", str(port)]
    proxy = ProxyProcess(
        [*args, *(x for o in options for x in ("--set", o))], tmp_path / "home", port
    )
    docx = d.docx_bytes(d.NEUTRAL)
    try:
        assert (
            multipart(
                proxy,
                CLAUDE_UPLOAD,
                "Dossier de Marie Durand.docx",
                docx,
                "application/octet-stream",
            ).status_code
            == 403
        )
        assert (
            multipart(proxy, CLAUDE_UPLOAD, "cr.docx", docx, "application/octet-stream").status_code
            == 200
        )
    finally:
        proxy.stop()
    database = tmp_path / "home" / "garde-ia.sqlite3"
    with sqlite3.connect(database) as db:
        tags = db.execute(
            "SELECT name, count, action FROM usage_event_tags WHERE kind = 'file' ORDER BY action"
        ).fetchall()
        kinds = db.execute("SELECT endpoint_kind FROM usage_events").fetchall()
    assert tags == [("docx", len(docx), "allow"), ("docx", len(docx), "block")]
    assert kinds == [("upload",), ("upload",)]
    dump = database.read_bytes() + b"".join(
        p.read_bytes() for p in (tmp_path / "home").glob("*.sqlite3-wal")
    )
    assert b"Durand" not in dump and b"quartier" not in dump


def test_an_archive_is_read_even_for_an_approved_tool(
    guard: ProxyProcess, upstream: Upstream
) -> None:
    """Issue 11: a ZIP sent to an approved tool used to pass unread."""
    people = d.zip_of({"liste.txt": b"Jean Dupont, 06 12 34 56 78\nMarie Durand, 07 98 76 54 32"})
    response = multipart(
        guard, "https://api.mistral.ai/v1/files", "dossier.zip", people, "application/zip"
    )
    assert "Dupont" not in blocked_message(response, upstream)
    neutral = d.zip_of({"budget.txt": b"Buvette : 120 euros"})
    passed = multipart(
        guard, "https://api.mistral.ai/v1/files", "budget.zip", neutral, "application/zip"
    )
    assert passed.status_code == 200 and neutral in upstream.received[-1].body
