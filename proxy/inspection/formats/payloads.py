"""The payload formats garde-ia reads: one declaration each, used by every part that needs it.

A catalog endpoint names its format (``proxy/defaults/tools.toml``); adding a format means one
entry here (and that line in the catalog). Sources for the shapes: the vendors' API references and
captures of the web apps' requests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from proxy.inspection.formats.uploads import InlineFile
from proxy.inspection.formats.websocket_notices import copilot_notice, signalr_notice

Container = Literal[
    "json", "form", "multipart", "envelopes", "records", "text", "query", "auto", "file"
]
# The error body an SDK understands when garde-ia answers instead of the API.
ErrorStyle = Literal["openai", "anthropic", "google", "cohere", "ollama", "generic"]
# How answers come: by their Content-Type (SSE, NDJSON, JSON), or as Gemini's length-prefixed frames.
Framing = Literal["content_type", "gemini_frames"]
# Server frames showing a notice's text in a WebSocket tool's page (the invocation to answer, if any).
WebSocketNotice = Callable[[str, str | None], list[bytes]]


@dataclass(frozen=True, slots=True)
class PayloadFormat:
    """Everything garde-ia knows about one payload format, in one place.

    Reading and rewriting: the body's outer layer and selectors for the texts, the conversation id
    and the model (selector syntax: :mod:`proxy.inspection.formats.document`), files sent inline.
    Answering: the error body an SDK of this API understands, how its answers are framed, and the
    server frames that show a notice in the page of a WebSocket tool.
    """

    container: Container
    texts: tuple[str, ...] = ()
    conversation: tuple[str, ...] = ()
    model: tuple[str, ...] = ()
    conversation_in_path: str | None = None
    model_in_path: str | None = None
    files: tuple[InlineFile, ...] = ()
    error_style: ErrorStyle = "generic"
    framing: Framing = "content_type"
    websocket_notice: WebSocketNotice | None = None


_OPENAI_MESSAGES = ("messages/*/content", "messages/*/content/*/text")
# Files sent inline (the vendors' API references).
_OPENAI_FILES = (
    InlineFile("messages/*/content/*/file/file_data", name="filename"),
    InlineFile("messages/*/content/*/image_url/url"),
    InlineFile("messages/*/content/*/input_audio/data"),
)
_RESPONSES_FILES = (
    InlineFile("input/*/content/*/file_data", name="filename"),
    InlineFile("input/*/content/*/image_url"),
)
_ANTHROPIC_FILES = (
    InlineFile("messages/*/content/*/source/data", mime="media_type"),
    InlineFile("messages/*/content/*/content/*/source/data", mime="media_type"),
)
_GEMINI_FILES = tuple(
    InlineFile(f"{prefix}contents/*/parts/*/{key}/data", mime=mime)
    for prefix in ("", "request/")
    for key, mime in (("inlineData", "mimeType"), ("inline_data", "mime_type"))
)

FORMATS: dict[str, PayloadFormat] = {
    "openai_chat": PayloadFormat(
        "json",
        (*_OPENAI_MESSAGES, "prompt", "prompt/*"),
        model=("model",),
        files=_OPENAI_FILES,
        error_style="openai",
    ),
    "openai_responses": PayloadFormat(
        "json",
        ("input", "input/*/content", "input/*/content/*/text", "instructions"),
        model=("model",),
        files=_RESPONSES_FILES,
        error_style="openai",
    ),
    "anthropic_messages": PayloadFormat(
        "json",
        (
            "system",
            "system/*/text",
            *_OPENAI_MESSAGES,
            "messages/*/content/*/content",
            "messages/*/content/*/content/*/text",
        ),
        model=("model",),
        files=_ANTHROPIC_FILES,
        error_style="anthropic",
    ),
    "gemini_api": PayloadFormat(
        "json",
        tuple(
            f"{prefix}{path}"
            for prefix in ("", "request/")
            for path in (
                "contents/*/parts/*/text",
                "systemInstruction/parts/*/text",
                "system_instruction/parts/*/text",
            )
        ),
        model=("model",),
        model_in_path=r"models/([^/:]+)",
        files=_GEMINI_FILES,
        error_style="google",
    ),
    "chatgpt_web": PayloadFormat(
        "json",
        ("messages/*/content/parts/*", "messages/*/content/text"),
        ("conversation_id",),
        ("model",),
    ),
    "claude_web": PayloadFormat(
        "json",
        ("prompt",),
        model=("model",),
        conversation_in_path=r"chat_conversations/([^/]+)/",
        # The text of attached files, sent inline: a file under the charter's rules for files.
        files=(
            InlineFile(
                "attachments/*/extracted_content",
                name="file_name",
                mime="file_type",
                encoding="text",
            ),
        ),
    ),
    "gemini_web": PayloadFormat(
        "form",
        ("f.req/@json/1/@json/0/0",),
        conversation=("f.req/@json/1/@json/2/0",),
        framing="gemini_frames",
    ),
    "le_chat": PayloadFormat(
        "json",
        ("0/json/content", "0/json/content/*/text", "messageInput/*/text", "content/*/text"),
        ("chatId", "0/json/chatId"),
        ("0/json/model", "model"),
    ),
    "perplexity": PayloadFormat(
        "json",
        ("query_str", "params/dsl_query"),
        ("params/last_backend_uuid",),
        ("params/model_preference",),
    ),
    "deepseek_web": PayloadFormat("json", ("prompt",), ("chat_session_id",)),
    "grok_web": PayloadFormat(
        "json",
        ("message", "customPersonality"),
        model=("modelName",),
        conversation_in_path=r"conversations/([^/]+)/responses",
    ),
    "grok_upload": PayloadFormat(
        "json", ("fileName",), files=(InlineFile("content", name="fileName", mime="fileMimeType"),)
    ),
    "poe": PayloadFormat("json", ("variables/query",), ("variables/chatId",), ("variables/bot",)),
    "huggingchat": PayloadFormat(
        "multipart", ("data/@json/inputs",), conversation_in_path=r"conversation/([^/]+)"
    ),
    "meta_ai": PayloadFormat(
        "form",
        ("variables/@json/message/sensitive_string_value",),
        ("variables/@json/externalConversationId",),
    ),
    "kimi_connect": PayloadFormat(
        "envelopes", ("*/message/blocks/*/text/content",), ("*/chat_id",), ("*/scenario",)
    ),
    "pi": PayloadFormat("json", ("text",), ("conversation",)),
    "query_q": PayloadFormat("query", ("q",), ("chatId",), ("selectedAiModel",)),
    "cohere": PayloadFormat("json", _OPENAI_MESSAGES, model=("model",), error_style="cohere"),
    "ollama": PayloadFormat(
        "json",
        (*_OPENAI_MESSAGES, "prompt", "system"),
        model=("model",),
        files=(InlineFile("messages/*/images/*"), InlineFile("images/*")),
        error_style="ollama",
    ),
    "deepl_api": PayloadFormat("auto", ("text", "text/*", "context")),
    "deepl_web": PayloadFormat("json", ("params/texts/*/text", "params/jobs/*/sentences/*/text")),
    "copilot_ws": PayloadFormat(
        "json", ("content/*/text",), ("conversationId",), ("mode",), websocket_notice=copilot_notice
    ),
    "signalr_ws": PayloadFormat(
        "records",
        ("*/arguments/*/message/text",),
        ("*/arguments/*/conversationId",),
        websocket_notice=signalr_notice,
    ),
    "generic": PayloadFormat("auto"),
    # An upload's body is the file itself (or a multipart body carrying it).
    "raw": PayloadFormat("file"),
}


def payload_format(format_id: str) -> PayloadFormat:
    """The declared format (the generic one for a name garde-ia does not know)."""
    return FORMATS.get(format_id, FORMATS["generic"])
