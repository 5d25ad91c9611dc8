"""The house plan, checked: wings import only the wings below them, no module imports itself back.

Two kinds of check. The import graph is read from the sources (every ``import``, including those
inside functions, which still run) and held to the wing order below: a wing may import itself and
the wings listed before it, never one after it, so nothing imports ``proxy.cli`` and there is no
cycle between wings; the graph of modules has no cycle either. Then a few imports run in fresh
interpreters and must not drag in heavy libraries (the tray and the pages stay light).
"""

import graphlib
import subprocess
import sys

import grimp
import pytest

PACKAGES = ("anonymizer", "proxy", "addons", "tray")

# Bottom to top; the same order as ARCHITECTURE.md's house plan. Wings on one level are
# independent: neither imports the other (the addons and the tray meet only in proxy.cli).
LEVELS: tuple[tuple[str, ...], ...] = (
    ("anonymizer",),
    ("proxy.usage",),
    ("proxy.config",),
    ("proxy.inspection",),
    ("proxy.storage",),
    ("proxy.charter",),
    ("proxy.startup",),
    ("proxy.report",),
    ("proxy.setup",),
    ("proxy.web",),
    ("proxy.doctor", "proxy.runner"),
    ("addons", "tray"),
    ("proxy.cli",),
    ("proxy.__main__",),
)
WINGS = tuple(wing for level in LEVELS for wing in level)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """Every import of our packages, including those inside functions (they still run)."""
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def _wing(module: str) -> str | None:
    matches = [w for w in WINGS if module == w or module.startswith(w + ".")]
    return max(matches, key=len) if matches else None


def _wrong_imports(graph: grimp.ImportGraph) -> list[str]:
    """Imports running upwards or between independent wings, with the chain that makes each."""
    layers = [grimp.Layer(*(w for w in level if w in graph.modules)) for level in reversed(LEVELS)]
    illegal = graph.find_illegal_dependencies_for_layers(
        layers=[layer for layer in layers if layer.module_tails]
    )
    return sorted(
        f"{d.importer} -> {d.imported}: "
        + " ; ".join(" -> ".join(route.heads) for route in d.routes)
        for d in illegal
    )


def test_every_module_belongs_to_a_wing(graph: grimp.ImportGraph) -> None:
    loose = sorted(m for m in graph.modules if _wing(m) is None and m not in PACKAGES)
    assert loose == [], (
        f"modules outside every wing (put them in one, or add the wing to LEVELS): {loose}"
    )


def test_wings_import_only_the_wings_below_them(graph: grimp.ImportGraph) -> None:
    wrong = _wrong_imports(graph)
    assert wrong == [], "imports running upwards or sideways:\n" + "\n".join(wrong)


def test_no_module_imports_itself_back(graph: grimp.ImportGraph) -> None:
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_the_checks_see_wrong_imports() -> None:
    """A function-level import is seen; upward and sideways imports and a cycle added to the graph are found."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)  # a copy of our own to break
    assert graph.direct_import_exists(importer="proxy.cli.doctor", imported="proxy.doctor.checks")
    graph.add_import(importer="proxy.storage.writer", imported="proxy.cli.main")
    graph.add_import(importer="tray.app", imported="addons.order")
    wrong = "\n".join(_wrong_imports(graph))
    assert (
        "proxy.storage -> proxy.cli" in wrong or "proxy.storage.writer -> proxy.cli.main" in wrong
    ), wrong
    assert "tray" in wrong and "addons" in wrong, wrong
    graph.add_import(importer="proxy.usage.events", imported="proxy.storage.writer")
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(imports).prepare()


CASES = [
    # the anonymizer is a pure library
    (
        "import anonymizer, anonymizer.engine, anonymizer.restore",
        ["mitmproxy", "sqlalchemy", "proxy", "addons", "tray"],
    ),
    # reading the policy (what the tray and the CLI do) stays light
    (
        "import proxy.config.policy, proxy.config.paths, proxy.usage.events, proxy.cli.main",
        ["mitmproxy", "presidio_analyzer", "spacy", "sqlalchemy"],
    ),
    # the tray and the local pages stay light (pystray's dummy backend: no display needed to import)
    (
        "import os; os.environ['PYSTRAY_BACKEND'] = 'dummy'; import tray.app, tray.controller, proxy.web.app, proxy.cli.tray",
        ["mitmproxy", "presidio_analyzer", "presidio_anonymizer", "spacy"],
    ),
]


@pytest.mark.parametrize(("statement", "forbidden"), CASES)
def test_import_does_not_load(statement: str, forbidden: list[str]) -> None:
    probe = (
        f"import sys; {statement}; "
        f"loaded = [m for m in {forbidden!r} if m in sys.modules]; print(','.join(loaded))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "", f"{statement} loaded {done.stdout.strip()}"
