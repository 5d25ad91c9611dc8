"""The shipped watch list: several hundred real hosts, each tool named with its vendor, none catalogued."""

import re
from importlib import resources

from proxy.config.catalog import load_catalog
from proxy.config.watchlist import load_watchlist

HOST = re.compile(r"^(\*\.)?([a-z0-9-]+\.)+[a-z0-9-]+$")


def test_it_names_several_hundred_hosts_of_well_over_a_hundred_tools_each_with_its_vendor() -> None:
    tools = load_watchlist().tools
    assert len(tools) >= 150 and sum(len(t.hosts) for t in tools) >= 300
    assert all(t.name.strip() and t.vendor.strip() for t in tools)
    assert len({t.name for t in tools}) == len(tools)  # a status is given by name: names are unique
    patterns = [p for t in tools for p in t.hosts]
    assert len(set(patterns)) == len(patterns)
    assert [p for p in patterns if not HOST.match(p)] == []


def test_no_watched_host_overlaps_a_catalogued_one_either_way() -> None:
    catalog, watchlist = load_catalog(), load_watchlist()
    overlaps = []
    for tool in watchlist.tools:
        for pattern in tool.hosts:
            domain = pattern.removeprefix("*.")
            overlaps += [
                (tool.name, h) for h in (domain, "x." + domain) if catalog.tool_for_host(h)
            ]
    for spec in catalog.tools:
        for pattern in spec.hosts:
            domain = pattern.removeprefix("*.").removeprefix("*-")
            overlaps += [
                (spec.id, h)
                for h in (domain, "x." + domain, "x-" + domain)
                if watchlist.tool_for_host(h)
            ]
    assert overlaps == []


def test_a_known_tool_is_found_by_its_hosts_and_the_source_is_recorded() -> None:
    watchlist = load_watchlist()
    found = watchlist.tool_for_host("www.midjourney.com")
    assert found is not None and (found.name, found.vendor) == ("Midjourney", "Midjourney")
    assert watchlist.tool_for_host("midjourney.com.evil.example") is None
    header = resources.files("proxy").joinpath("defaults/watchlist.toml").read_text("utf-8")[:1500]
    assert "v2fly/domain-list-community" in header and "licence MIT" in header
