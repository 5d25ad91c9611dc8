"""Policy ``[watch] status``: tolerated (never decrypted) or forbidden (decrypted only to answer)."""

import json
import re
from pathlib import Path

import pytest

from anonymizer.errors import PolicyError
from proxy.config.catalog import load_catalog
from proxy.config.policy import build_policy
from proxy.config.watch_status import forbidden_allow_hosts, forbidden_tools
from proxy.config.watchlist import WatchList, load_watchlist
from proxy.runner import RunSettings, base_options
from proxy.setup.pac import render_pac


def _decrypted(patterns: list[str], authority: str) -> bool:
    return any(re.search(p, authority) for p in patterns)


def test_only_the_forbidden_tools_hosts_are_decrypted(tmp_path: Path) -> None:
    policy = build_policy(
        {
            "watch": {
                "hosts": {"*.outil.example": "Outil maison", "autre.example": "Autre"},
                "status": {"Outil maison": "forbidden", "Autre": "tolerated"},
            }
        },
        "politique.toml",
    )
    watchlist = load_watchlist(policy.watch.hosts)
    assert [t.name for t in forbidden_tools(policy.watch, watchlist)] == ["Outil maison"]
    patterns = forbidden_allow_hosts(policy.watch, watchlist)
    options = base_options(
        RunSettings(confdir=tmp_path, answer_hosts=tuple(patterns)), load_catalog()
    )
    allow = options["allow_hosts"]
    assert isinstance(allow, list)
    assert _decrypted(allow, "outil.example:443") and _decrypted(allow, "chat.outil.example:443")
    assert not _decrypted(allow, "autre.example:443")  # tolerated: a tunnel, never opened
    assert not _decrypted(allow, "outil.example.evil.test:443")
    every_watched = {p for t in watchlist.tools for p in t.hosts if not p.startswith("*.")}
    default_allow = base_options(RunSettings(confdir=tmp_path), load_catalog())["allow_hosts"]
    assert isinstance(default_allow, list)
    assert not any(_decrypted(default_allow, f"{h}:443") for h in every_watched - {"outil.example"})


def test_tolerated_is_the_default() -> None:
    policy = build_policy({}, "défaut")
    assert forbidden_tools(policy.watch, load_watchlist()) == ()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            {"Midjourney": "interdit"},
            "valeur « interdit » non reconnue ; valeurs possibles : 'tolerated' ou 'forbidden'",
        ),
        ({"Midjurney": "forbidden"}, "outil(s) absent(s) de la liste de veille : Midjurney"),
    ],
)
def test_a_bad_status_is_refused_in_french(status: dict[str, str], message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        build_policy({"watch": {"status": status}}, "politique.toml")
    assert "politique.toml : clé « watch" in str(raised.value) and message in str(raised.value)


def _pac_var(pac: str, name: str) -> object:
    return json.loads(re.search(rf"var {name} = (.*);", pac).group(1))  # type: ignore[union-attr]


def test_the_pac_keeps_a_forbidden_tool_closed_when_garde_ia_is_stopped() -> None:
    policy = build_policy(
        {
            "watch": {
                "hosts": {"*.outil.example": "Outil maison", "autre.example": "Autre"},
                "status": {"Outil maison": "forbidden"},
            }
        },
        "politique.toml",
    )
    watchlist = load_watchlist(policy.watch.hosts)
    pac = render_pac(
        load_catalog(),
        "127.0.0.1:8080",
        watchlist,
        WatchList(forbidden_tools(policy.watch, watchlist)),
    )
    exact, subdomains = _pac_var(pac, "EXACT"), _pac_var(pac, "SUBDOMAINS_OF")
    assert isinstance(exact, dict) and isinstance(subdomains, list)
    assert (
        "outil.example" in exact and ".outil.example" in subdomains
    )  # PROXY only, no DIRECT fallback
    assert "autre.example" not in exact and "autre.example" in _pac_var(pac, "WATCHED_EXACT")  # type: ignore[operator]
