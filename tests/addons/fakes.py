"""Small hand-written stand-ins for the Guard and the usage sink, implementing the addons' protocols.

The charter decisions are real Decision objects; only the detection is faked: "Jean Dupont" is
pseudonymized, "séropositive" is blocked, everything else is allowed.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from addons.context import AddonContext
from anonymizer.decision import Decision, Finding, Reason
from anonymizer.vault import Vault, VaultStore
from proxy.config.catalog import load_catalog
from proxy.config.policy import OrganisationPolicy, load_policy
from proxy.usage.events import UsageRecord

NAME = "Jean Dupont"
EMAIL = "jean.dupont@exemple.fr"  # a value without spaces
IBAN = "FR7630006000011234567890189"
FAKE_VALUES = {NAME: "PERSONNE", EMAIL: "EMAIL", IBAN: "IBAN"}
PSEUDO = Reason("anonymisation", "Anonymiser avant d'envoyer", "Données personnelles remplacées.", "pseudonymize")
SENSITIVE = Reason("donnees-sensibles", "Pas de données sensibles sur une personne", "Santé.", "block")
LABELS = {"PERSONNE": "nom de personne", "EMAIL": "adresse e-mail", "IBAN": "IBAN"}


@dataclass
class FakeChecker:
    """Implements proxy.inspection.pipeline.CharterChecker; ``fault="raise"`` simulates a detector crash."""

    fault: str = ""
    calls: list[int] = field(default_factory=list)  # how many texts each call received

    def check_texts(self, texts: Sequence[str], vault: Vault | None = None) -> list[Decision]:
        self.calls.append(len(texts))
        if self.fault == "raise":
            raise RuntimeError("simulated detector crash")
        vault = vault if vault is not None else Vault()
        return [self._one(text, vault) for text in texts]

    @staticmethod
    def _one(text: str, vault: Vault) -> Decision:
        if "séropositive" in text:
            return Decision("block", None, (), ("sante",), (SENSITIVE,), {"PERSONNE": 1})
        found = [(value, kind) for value, kind in FAKE_VALUES.items() if value in text]
        if not found:
            return Decision("allow", text)
        new, findings, counts = text, [], {}
        for value, kind in found:
            start = text.index(value)
            findings.append(Finding(kind, start, start + len(value), 0.9))
            counts[kind] = text.count(value)
            new = new.replace(value, vault.placeholder_for(kind, value))
        return Decision("pseudonymize", new, tuple(findings), (), (PSEUDO,), counts)


@dataclass
class RecordingSink:
    """Implements addons.context.UsageSink by keeping the records in a list."""

    records: list[UsageRecord] = field(default_factory=list)

    def submit(self, record: UsageRecord) -> None:
        self.records.append(record)


def make_context(checker: FakeChecker | None = None, policy: OrganisationPolicy | None = None,
                 sink: RecordingSink | None = None) -> AddonContext:
    return AddonContext(
        catalog=load_catalog(),
        policy=policy or load_policy(),
        checker=checker or FakeChecker(),
        vaults=VaultStore(ttl_seconds=3600, max_conversations=10),
        sink=sink or RecordingSink(),
        entity_labels=LABELS,
    )
