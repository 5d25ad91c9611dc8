"""A small hand-written Guard for fault-injection runs (the real one is used in the main e2e tests)."""

import time
from collections.abc import Sequence

from anonymizer.decision import Decision, Finding, Reason
from anonymizer.vault import Vault

PSEUDO = Reason("anonymisation", "Anonymiser avant d'envoyer", "Données personnelles remplacées.", "pseudonymize")
SENSITIVE = Reason("donnees-sensibles", "Pas de données sensibles sur une personne", "Santé.", "block")


class FakeChecker:
    """Pseudonymizes "Jean Dupont", blocks "séropositive"; can fail or hang on demand."""

    def __init__(self, fault: str = "") -> None:
        self.fault = fault

    def check_texts(self, texts: Sequence[str], vault: Vault | None = None) -> list[Decision]:
        if self.fault == "raise":
            raise RuntimeError("simulated detector crash")
        if self.fault == "hang":
            time.sleep(30)
        vault = vault if vault is not None else Vault()
        decisions = []
        for text in texts:
            if "séropositive" in text:
                decisions.append(Decision("block", None, (), ("health",), (SENSITIVE,), {"PERSONNE": 1}))
            elif "Jean Dupont" in text:
                start = text.index("Jean Dupont")
                new = text.replace("Jean Dupont", vault.placeholder_for("PERSONNE", "Jean Dupont"))
                decisions.append(Decision("pseudonymize", new, (Finding("PERSONNE", start, start + 11, 0.9),), (),
                                          (PSEUDO,), {"PERSONNE": 1}))
            else:
                decisions.append(Decision("allow", text))
        return decisions
