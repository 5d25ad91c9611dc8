"""Which model names may be kept in the usage log: names ecologits knows, or a strict pattern.

The ``model`` field of a request is whatever the client wrote: a person's name or an e-mail address
would otherwise be stored verbatim (and echoed by ecologits' warnings about unknown models). A
name that is neither known to ecologits' bundled model list nor written like a model of a known
family is replaced by None (the report then says "modèle inconnu").
"""

import re
from functools import cache

from proxy.usage.canary import CANARY_MODEL

MAX_LENGTH = 100
# A known model family, then only lower-case letters, digits and . _ - : (an optional vendor/ or models/ prefix).
STRICT = re.compile(
    r"(?:[a-z0-9][a-z0-9._-]{0,40}/)?"
    r"(?:gpt|o[1-9]|chatgpt|text-embedding|claude|gemini|gemma|mistral|mixtral|codestral|ministral|magistral|"
    r"pixtral|devstral|open-mistral|llama|meta-llama|qwen|qwq|deepseek|grok|command|c4ai|aya|sonar|kimi|moonshot|"
    r"phi|glm|yi|jamba|nova|granite|olmo|hermes|sabia|lucie)"
    r"[a-z0-9._:-]{0,60}",
    re.IGNORECASE,
)
# Copilot's and the web apps' mode names, sent where a model would be.
MODES = frozenset(
    {
        "auto",
        "default",
        "chat",
        "smart",
        "reasoning",
        "research",
        "think-deeper",
        "fast",
        "balanced",
        "creative",
        "precise",
        "deep-research",
        "search",
    }
)


@cache
def _ecologits_names() -> frozenset[str]:
    try:
        from ecologits.model_repository import models
    except Exception:  # the footprint is an estimate: without ecologits, only the strict pattern
        return frozenset()
    return frozenset(m.name for m in models.list_models())


def safe_model_name(name: str | None) -> str | None:
    """``name`` when it is a known model name (or written like one), else None. Never raises."""
    if not name or len(name) > MAX_LENGTH:
        return None
    if name == CANARY_MODEL:  # garde-ia doctor's own test request, left out of the counts
        return name
    if name in _ecologits_names() or name.lower() in MODES or STRICT.fullmatch(name):
        return name
    return None
