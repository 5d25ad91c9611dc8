"""Small hand-written stand-ins for the Guard and the usage sink, implementing the addons' protocols.

The charter decisions are real Decision objects; only the detection is faked: "Jean Dupont" (and an
e-mail address and an IBAN, unless told otherwise) is pseudonymized, "séropositive" is blocked,
everything else is allowed. The same fake runs in the addon tests (in process) and in the real proxy
started by ``tests.support.launcher`` (fault injection), and a names-only one stands in for the
local pages' scanner.
"""

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from addons.context import AddonContext
from anonymizer.decision import Decision, Finding, Reason
from anonymizer.vault import Vault, VaultStore
from proxy.config.catalog import load_catalog
from proxy.config.policy import OrganisationPolicy, load_policy
from proxy.usage.events import UsageRecord
from proxy.web.scanner import TextChecker

NAME = "Jean Dupont"
EMAIL = "jean.dupont@exemple.fr"  # a value without spaces
IBAN = "FR7630006000011234567890189"
FAKE_VALUES = {NAME: "PERSONNE", EMAIL: "EMAIL", IBAN: "IBAN"}
PSEUDO = Reason(
    "anonymisation",
    "Anonymiser avant d'envoyer",
    "Données personnelles remplacées.",
    "pseudonymize",
)
SENSITIVE = Reason(
    "donnees-sensibles", "Pas de données sensibles sur une personne", "Santé.", "block"
)
LABELS = {"PERSONNE": "nom de personne", "EMAIL": "adresse e-mail", "IBAN": "IBAN"}


@dataclass
class FakeChecker:
    """Implements proxy.inspection.pipeline.CharterChecker.

    ``fault="raise"`` simulates a detector crash, ``fault="hang"`` a detector that never answers in
    time; ``values`` are the values pseudonymized (with their kind), ``category`` the one a block names.
    """

    fault: str = ""
    calls: list[int] = field(default_factory=list)  # how many texts each call received
    values: Mapping[str, str] = field(default_factory=lambda: dict(FAKE_VALUES))
    category: str = "sante"

    def check_texts(self, texts: Sequence[str], vault: Vault | None = None) -> list[Decision]:
        self.calls.append(len(texts))
        if self.fault == "raise":
            raise RuntimeError("simulated detector crash")
        if self.fault == "hang":
            time.sleep(30)
        vault = vault if vault is not None else Vault()
        return [self._one(text, vault) for text in texts]

    def _one(self, text: str, vault: Vault) -> Decision:
        if "séropositive" in text:
            return Decision("block", None, (), (self.category,), (SENSITIVE,), {"PERSONNE": 1})
        found = [(value, kind) for value, kind in self.values.items() if value in text]
        if not found:
            return Decision("allow", text)
        new, findings, counts = text, list[Finding](), dict[str, int]()
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


def make_context(
    checker: FakeChecker | None = None,
    policy: OrganisationPolicy | None = None,
    sink: RecordingSink | None = None,
) -> AddonContext:
    return AddonContext(
        catalog=load_catalog(),
        policy=policy or load_policy(),
        checker=checker or FakeChecker(),
        vaults=VaultStore(ttl_seconds=3600, max_conversations=10),
        sink=sink or RecordingSink(),
        entity_labels=LABELS,
    )


class NamesOnly:
    """A stand-in for the local pages' scanner: "Dupont" is a person's name, everything else passes (no model to load)."""

    def check(self, text: str) -> Decision:
        at = text.find("Dupont")
        if at < 0:
            return Decision("allow", text)
        return Decision(
            "pseudonymize",
            text.replace("Dupont", "[PERSONNE_1]"),
            (Finding("PERSONNE", at, at + 6, 0.9),),
        )


def names_only(_policy: object) -> TextChecker:
    """A ``LazyScanner`` loader giving ``NamesOnly``."""
    return NamesOnly()
