"""garde-ia's anonymizer: French-first detection, the charter decision, reversible pseudonymization.

A pure library: it imports nothing of garde-ia's other packages, nor mitmproxy nor SQLAlchemy.
The heavy parts (Presidio, spaCy) are imported only when first used, so that reading a policy
(``anonymizer.policy``) stays light for the tray and the command line.

Typical use::

    guard = build_guard(load_detection_policy())   # loads the French model once
    vault = Vault()                                 # one per conversation, in memory only
    decision = guard.check(text, vault)             # allow | pseudonymize | block
    answer = restore(ai_answer, vault)              # real values back, never inside URLs
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from anonymizer.decision import Action, Decision, Finding, Reason, strongest

# Light modules, imported eagerly. This also makes ``anonymizer.restore`` the function, not
# the submodule of the same name.
from anonymizer.entities import describe
from anonymizer.errors import AnonymizerError, PolicyError
from anonymizer.policy import DetectionPolicy, load_detection_policy
from anonymizer.restore import StreamRestorer, restore
from anonymizer.vault import Vault, VaultFullError, VaultStore

if TYPE_CHECKING:
    from anonymizer.engine import Guard, build_guard

_LAZY = {"Guard": "anonymizer.engine", "build_guard": "anonymizer.engine"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'anonymizer' has no attribute {name!r}")


__all__ = [
    "Action",
    "AnonymizerError",
    "Decision",
    "DetectionPolicy",
    "Finding",
    "Guard",
    "PolicyError",
    "Reason",
    "StreamRestorer",
    "Vault",
    "VaultFullError",
    "VaultStore",
    "build_guard",
    "describe",
    "load_detection_policy",
    "restore",
    "strongest",
]
