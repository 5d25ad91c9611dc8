"""What the footprint estimate is fed: the provider's token count first, the catalog's providers as ecologits spells them."""

import typing

from ecologits.tracers.utils import PROVIDER_CONFIG_MAP

from proxy.config.catalog import EcologitsProvider, load_catalog
from proxy.usage.footprint import KNOWN_PROVIDERS, estimate


def test_catalog_providers_are_exactly_those_ecologits_has_figures_for() -> None:
    assert (
        set(typing.get_args(EcologitsProvider)) == set(KNOWN_PROVIDERS) == set(PROVIDER_CONFIG_MAP)
    )
    used = {tool.ecologits_provider for tool in load_catalog().tools} - {None}
    assert used == set(
        KNOWN_PROVIDERS
    )  # every provider ecologits knows serves at least one catalogued tool


def test_the_api_token_count_is_preferred_over_the_character_estimate() -> None:
    by_chars = estimate("openai", "gpt-4o-mini", 400, 2000)  # about 100 tokens
    by_tokens = estimate("openai", "gpt-4o-mini", 400, 2000, tokens=1000)
    same = estimate("openai", "gpt-4o-mini", None, 2000, tokens=100)
    assert by_chars is not None and by_tokens is not None and same is not None
    assert by_tokens.energy_kwh > by_chars.energy_kwh
    assert same == by_chars


def test_no_size_or_unknown_model_gives_no_figure() -> None:
    assert estimate("openai", "gpt-4o-mini", None, 2000) is None
    assert estimate("openai", "modele-imaginaire", 400, 2000) is None
    assert estimate(None, "gpt-4o-mini", 400, 2000, tokens=100) is None
