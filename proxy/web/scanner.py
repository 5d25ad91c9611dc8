"""The charter check for the local server: the anonymizer's guard, loaded on first use, in one worker thread.

The guard is not thread-safe and takes seconds to load, so the web server never calls it directly:
every check goes through a single-worker executor, which loads the guard the first time.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from anonymizer.decision import Decision
    from anonymizer.policy import DetectionPolicy

logger = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 120.0


class TextChecker(Protocol):
    """What the local server needs from the anonymizer's Guard."""

    def check(self, text: str) -> "Decision":
        """The charter decision for one text (nothing is sent anywhere)."""
        ...


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A decision and the French names of the kinds of data found (never the data)."""

    decision: "Decision"
    kinds: tuple[str, ...]


def _load_guard(policy: "DetectionPolicy") -> TextChecker:
    from anonymizer.engine import build_guard

    logger.info("Chargement du modèle de langue pour les pages locales")
    return build_guard(policy)


class LazyScanner:
    """Checks texts with a guard built on first use, always from the same worker thread."""

    def __init__(self, policy: "DetectionPolicy", load: Callable[["DetectionPolicy"], TextChecker] = _load_guard) -> None:
        self._policy = policy
        self._load = load
        self._guard: TextChecker | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garde-ia-pages-check")

    @property
    def loaded(self) -> bool:
        """Whether the guard is in memory already."""
        return self._guard is not None

    def _check(self, text: str) -> ScanResult:
        if self._guard is None:
            self._guard = self._load(self._policy)
        decision = self._guard.check(text)
        return ScanResult(decision, self._kinds(decision))

    def _kinds(self, decision: "Decision") -> tuple[str, ...]:
        from anonymizer.entities import ENTITY_LABELS

        kinds = [self._policy.categories[c].label if c in self._policy.categories else c for c in decision.categories]  # type: ignore[index]
        kinds += [ENTITY_LABELS.get(f.type, f.type.lower()) for f in decision.findings]
        return tuple(dict.fromkeys(kinds))

    def scan(self, text: str) -> ScanResult:
        """The decision for ``text``, computed in the worker thread."""
        return self._executor.submit(self._check, text).result(timeout=CHECK_TIMEOUT_SECONDS)

    def close(self) -> None:
        """Stop the worker thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
