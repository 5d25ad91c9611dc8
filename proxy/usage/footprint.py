"""Environmental footprint of one answer, estimated with ecologits from its bundled data (offline).

Energy (kWh) and greenhouse-gas emissions (kgCO2eq) come from the provider, the model name, the
answer's output tokens (the provider's own count when the answer gave it, else its length in
characters) and its duration. When ecologits does not know the provider or the model, there is
no estimate (the report says "modèle inconnu") rather than an invented figure.
"""

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

# ecologits counts output tokens; an answer's length in characters is what the proxy sees.
# About four characters per token for English and French text with current tokenizers.
CHARS_PER_TOKEN = 4.0
# The providers ecologits has datacenter figures for.
KNOWN_PROVIDERS = frozenset(
    {"anthropic", "cohere", "google_genai", "huggingface_hub", "mistralai", "openai"}
)


@dataclass(frozen=True, slots=True)
class Footprint:
    """The estimated impact of one request (midpoint of ecologits' range when it gives one)."""

    energy_kwh: float
    gwp_kgco2eq: float


def output_tokens(output_chars: int) -> int:
    """Approximate output tokens from the answer's length in characters."""
    return max(1, round(output_chars / CHARS_PER_TOKEN))


def estimate(
    provider: str | None,
    model: str | None,
    output_chars: int | None,
    duration_ms: int | None,
    tokens: int | None = None,
) -> Footprint | None:
    """The footprint of one answer, or None when the provider, model or answer size is unknown.

    ``tokens``, the provider's own output-token count, is preferred over the estimate from characters.
    """
    if not provider or not model or provider not in KNOWN_PROVIDERS:
        return None
    if tokens is None and output_chars is None:
        return None
    count = max(1, tokens) if tokens is not None else output_tokens(output_chars or 0)
    latency_s = math.inf if duration_ms is None else _two_digits(max(duration_ms, 1) / 1000)
    return _estimate(provider, model, int(_two_digits(count)), latency_s)


def _two_digits(value: float) -> float:
    """Round to two significant digits (at most 5 % off) so the cache serves most requests."""
    return float(f"{value:.2g}")


@lru_cache(maxsize=65536)
def _estimate(provider: str, model: str, tokens: int, latency_s: float) -> Footprint | None:
    from ecologits.tracers.utils import llm_impacts  # imported on first use: ~0.4 s

    try:
        impacts = llm_impacts(provider, model, output_token_count=tokens, request_latency=latency_s)
    except Exception as error:  # ecologits is an estimate: never let it stop the log
        logger.warning("Estimation ecologits impossible (%s)", type(error).__name__)
        return None
    if impacts.energy is None or impacts.gwp is None:
        return None
    return Footprint(_midpoint(impacts.energy.value), _midpoint(impacts.gwp.value))


def _midpoint(value: Any) -> float:
    """A plain number from ecologits' value, which may be a range (min, max)."""
    if hasattr(value, "mean"):
        return float(value.mean)
    return float(value)
