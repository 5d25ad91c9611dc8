"""Display names of tools, from the tool catalog (the tool id when the catalog does not know it)."""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

NameOf = Callable[[str], str]


def catalog_names() -> tuple[NameOf, Callable[[str], bool]]:
    """``(name_of(tool_id), is_catalogued_host(host))`` from the shipped catalog."""
    from proxy.config.catalog import load_catalog

    try:
        catalog = load_catalog()
    except Exception as error:  # the report still works with ids
        logger.warning(
            "Catalogue des outils illisible (%s) : identifiants affichés", type(error).__name__
        )
        return (lambda tool_id: tool_id), (lambda _host: False)
    names = catalog.tool_names()
    return (lambda tool_id: names.get(tool_id, tool_id)), (
        lambda host: catalog.tool_for_host(host) is not None
    )
