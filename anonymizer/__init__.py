"""garde-ia's anonymizer: French-first detection, the charter decision, reversible pseudonymization.

A pure library: it imports nothing of garde-ia's other packages, nor mitmproxy nor SQLAlchemy.
"""

from anonymizer.decision import Action, Decision, Finding, Reason
from anonymizer.errors import AnonymizerError, PolicyError
from anonymizer.policy import DetectionPolicy, load_detection_policy

__all__ = [
    "Action",
    "AnonymizerError",
    "Decision",
    "DetectionPolicy",
    "Finding",
    "PolicyError",
    "Reason",
    "load_detection_policy",
]
