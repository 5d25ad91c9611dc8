import re
from pathlib import Path

import pytest

from proxy.config.catalog import (
    Catalog,
    CatalogError,
    allow_hosts_regex,
    host_matches,
    load_catalog,
)

REFERENCE_TOOLS = [  # every row of ai_tools.md's summary table, plus note-takers and writing assistants
    "chatgpt",
    "claude",
    "gemini",
    "copilot",
    "m365_copilot",
    "le_chat",
    "perplexity",
    "deepseek",
    "meta_ai",
    "grok",
    "poe",
    "huggingchat",
    "qwen",
    "kimi",
    "openai_api",
    "azure_openai",
    "anthropic_api",
    "gemini_api",
    "mistral_api",
    "openrouter",
    "groq",
    "xai_api",
    "together",
    "cerebras",
    "perplexity_api",
    "deepseek_api",
    "cohere_api",
    "ollama_cloud",
    "notion_ai",
    "grammarly",
    "deepl",
    "otter",
    "fireflies",
    "read_ai",
    "tldv",
    "fathom",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_catalog_has_at_least_forty_tools_including_the_reference_table(catalog: Catalog) -> None:
    ids = {tool.id for tool in catalog.tools}
    assert len(ids) >= 40
    assert set(REFERENCE_TOOLS) <= ids


def test_eu_open_weights_defaults_are_mistral(catalog: Catalog) -> None:
    assert catalog.get("le_chat").eu and catalog.get("le_chat").open_weights
    assert catalog.get("mistral_api").country == "FR"
    assert not catalog.get("chatgpt").eu


@pytest.mark.parametrize(
    ("host", "path", "method", "expected"),
    [
        (
            "chatgpt.com",
            "/backend-api/f/conversation",
            "POST",
            ("chatgpt", "prompt", "chatgpt_web"),
        ),
        (
            "chatgpt.com",
            "/backend-api/conversation",
            "POST",
            ("chatgpt", "prompt", "chatgpt_web"),
        ),  # older path
        (
            "chatgpt.com",
            "/backend-api/f/conversation/prepare",
            "POST",
            ("chatgpt", "prompt", "chatgpt_web"),
        ),
        (
            "CHATGPT.COM",
            "/backend-anon/f/conversation?x=1",
            "POST",
            ("chatgpt", "prompt", "chatgpt_web"),
        ),
        ("chatgpt.com", "/backend-api/f/conversation", "GET", ("chatgpt", "other", "none")),
        (
            "chatgpt.com",
            "/ces/v1/t",
            "POST",
            ("chatgpt", "other", "generic"),
        ),  # unknown writes are scanned
        ("files.oaiusercontent.com", "/file-x?sig=1", "PUT", ("chatgpt", "upload", "raw")),
        ("api.openai.com", "/v1/responses", "POST", ("openai_api", "prompt", "openai_responses")),
        (
            "res.openai.azure.com",
            "/openai/deployments/d/chat/completions",
            "POST",
            ("azure_openai", "prompt", "openai_chat"),
        ),
        (
            "europe-west9-aiplatform.googleapis.com",
            "/v1/projects/p/models/m:generateContent",
            "POST",
            ("gemini_api", "prompt", "gemini_api"),
        ),
        (
            "huggingface.co",
            "/api/models",
            "POST",
            ("huggingchat", "other", "none"),
        ),  # shared host: only the chat
    ],
)
def test_match_classifies_requests(
    catalog: Catalog, host: str, path: str, method: str, expected: tuple[str, str, str]
) -> None:
    match = catalog.match(host, path, method)
    assert match is not None
    assert (match.tool.id, match.kind, match.format) == expected


def test_websocket_endpoints_match_only_websockets(catalog: Catalog) -> None:
    websocket = catalog.match("copilot.microsoft.com", "/c/api/chat", "GET", websocket=True)
    plain = catalog.match("copilot.microsoft.com", "/c/api/chat", "GET")
    assert websocket is not None and websocket.kind == "prompt"
    assert plain is not None and plain.kind == "other"


@pytest.mark.parametrize(
    "host",
    [
        "notchatgpt.com",  # substring
        "chatgpt.com.evil.example",  # suffix trick
        "openai.azure.com",  # the bare suffix of a wildcard
        "aiplatform.googleapis.com",
        "example.org",
    ],
)
def test_unrelated_hosts_are_not_catalogued(catalog: Catalog, host: str) -> None:
    assert catalog.match(host, "/", "POST") is None


@pytest.mark.parametrize(
    ("pattern", "host", "matches"),
    [
        ("chatgpt.com", "chatgpt.com", True),
        ("chatgpt.com", "www.chatgpt.com", False),
        ("*.grok.com", "assets.grok.com", True),
        ("*.grok.com", "grok.com", False),
        ("*.grok.com", "evilgrok.com", False),
        ("*-aiplatform.googleapis.com", "us-central1-aiplatform.googleapis.com", True),
        ("*-aiplatform.googleapis.com", "-aiplatform.googleapis.com", False),
        ("*-aiplatform.googleapis.com", "x.y-aiplatform.googleapis.com", False),
    ],
)
def test_host_patterns_are_anchored(pattern: str, host: str, matches: bool) -> None:
    assert host_matches(pattern, host) is matches
    # mitmproxy applies allow_hosts with re.search on "host:port": the regex must agree.
    assert bool(re.search(allow_hosts_regex(pattern), f"{host}:443", re.IGNORECASE)) is matches


def test_allow_hosts_never_match_uncatalogued_names(catalog: Catalog) -> None:
    patterns = catalog.allow_hosts()
    for candidate in [
        "notchatgpt.com:443",
        "chatgpt.com.evil.example:443",
        "localhost:8443",
        "127.0.0.1:443",
    ]:
        assert not any(re.search(p, candidate, re.IGNORECASE) for p in patterns), candidate
    assert any(re.search(p, "chatgpt.com:443") for p in patterns)


def test_invalid_catalog_names_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "tools.toml"
    bad.write_text(
        '[[tools]]\nid = "x"\nname = "X"\nvendor = "V"\ncountry = "FR"\neu = true\n'
        'open_weights = false\ncategory = "chat"\nhosts = ["chat gpt.com"]\n'
    )
    with pytest.raises(CatalogError, match=r"tools\.toml.*hosts"):
        load_catalog(bad)


def test_every_endpoint_format_is_known(catalog: Catalog) -> None:
    from proxy.inspection.formats.payloads import FORMATS

    for tool in catalog.tools:
        for endpoint in tool.endpoints:
            assert endpoint.format in FORMATS, (tool.id, endpoint.format)
