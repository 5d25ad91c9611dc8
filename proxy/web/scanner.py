"""The charter check for the local server.

:class:`GuardScanner` (what ``garde-ia serve`` and the tray use) asks the running guard over
loopback (:mod:`proxy.inspection.check_service`): one French model per device, and a clear "garde-fou arrêté"
when the guard is not running. :class:`LazyScanner` loads a guard of its own on first use, in one
worker thread (the guard is not thread-safe); the tests use it with the real model or a stand-in.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from proxy.inspection.check_service import ask_guard

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


class Scanner(Protocol):
    """What the local pages and API need to check a text."""

    @property
    def loaded(self) -> bool:
        """Whether this process holds a language model of its own."""
        ...

    def scan(self, text: str) -> ScanResult:
        """The decision for ``text``; :class:`proxy.inspection.check_service.GuardStopped` when it cannot be checked."""
        ...

    def close(self) -> None:
        """Release what the scanner holds."""
        ...


def kinds_found(policy: "DetectionPolicy", decision: "Decision") -> tuple[str, ...]:
    """The French names of the categories and kinds of data in a decision (never the data)."""
    from anonymizer.entities import ENTITY_LABELS

    kinds = [
        policy.categories[c].label if c in policy.categories else c for c in decision.categories
    ]  # type: ignore[index]
    kinds += [ENTITY_LABELS.get(f.type, f.type.lower()) for f in decision.findings]
    return tuple(dict.fromkeys(kinds))


def decision_from_json(data: dict[str, Any]) -> "Decision":
    """A decision back from the ``garde-ia scan`` fields (as the guard's endpoint answers)."""
    from anonymizer.decision import Decision, Finding, Reason

    return Decision(
        action=data["action"],
        text=data.get("text"),
        findings=tuple(
            Finding(f["type"], int(f["start"]), int(f["end"]), float(f["score"]))
            for f in data.get("findings", ())
        ),
        categories=tuple(data.get("categories", ())),
        reasons=tuple(
            Reason(r["rule"], r["title"], r["detail"], r["action"]) for r in data.get("reasons", ())
        ),
    )


class GuardScanner:
    """Asks the running guard (``garde-ia run``) to check texts: no model in this process."""

    def __init__(
        self,
        policy: "DetectionPolicy",
        secret: bytes,
        home: Path | None = None,
        ask: Callable[[str, bytes, Path | None], dict[str, Any]] = ask_guard,
    ) -> None:
        self._policy = policy
        self._secret = secret
        self._home = home
        self._ask = ask

    @property
    def loaded(self) -> bool:
        """Never: the guard's model is the device's only one."""
        return False

    def scan(self, text: str) -> ScanResult:
        """The running guard's decision; :class:`GuardStopped` when it is not running."""
        decision = decision_from_json(self._ask(text, self._secret, self._home))
        return ScanResult(decision, kinds_found(self._policy, decision))

    def close(self) -> None:
        """Nothing to release."""


def _load_guard(policy: "DetectionPolicy") -> TextChecker:
    from anonymizer.engine import build_guard

    logger.info("Chargement du modèle de langue pour les pages locales")
    return build_guard(policy)


class LazyScanner:
    """Checks texts with a guard built on first use, always from the same worker thread."""

    def __init__(
        self,
        policy: "DetectionPolicy",
        load: Callable[["DetectionPolicy"], TextChecker] = _load_guard,
    ) -> None:
        self._policy = policy
        self._load = load
        self._guard: TextChecker | None = None
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="garde-ia-pages-check"
        )

    @property
    def loaded(self) -> bool:
        """Whether the guard is in memory already."""
        return self._guard is not None

    def _check(self, text: str) -> ScanResult:
        if self._guard is None:
            self._guard = self._load(self._policy)
        decision = self._guard.check(text)
        return ScanResult(decision, kinds_found(self._policy, decision))

    def scan(self, text: str) -> ScanResult:
        """The decision for ``text``, computed in the worker thread."""
        return self._executor.submit(self._check, text).result(timeout=CHECK_TIMEOUT_SECONDS)

    def close(self) -> None:
        """Stop the worker thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
