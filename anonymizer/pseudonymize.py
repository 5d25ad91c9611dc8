"""Replace detected values by the conversation's placeholders, with presidio-anonymizer.

Presidio does the text surgery (conflict handling, replacing from the end so offsets hold); a custom
operator asks the vault for each value's placeholder, so one person keeps one placeholder.
"""

import logging
from collections.abc import Sequence
from typing import Any

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import InvalidParamError, OperatorConfig, RecognizerResult
from presidio_anonymizer.operators import Operator, OperatorType

from anonymizer.decision import Finding
from anonymizer.vault import Vault

logger = logging.getLogger(__name__)

OPERATOR_NAME = "garde_ia_placeholder"


class VaultPlaceholderOperator(Operator):
    """Presidio operator: the value becomes its vault placeholder (``params``: ``vault``, ``entity_type``)."""

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        """Return the vault's placeholder for this value."""
        assert params is not None  # validate() ran first
        vault: Vault = params["vault"]
        placeholder: str = vault.placeholder_for(params["entity_type"], text)
        return placeholder

    def validate(self, params: dict[str, Any] | None = None) -> None:
        """Require a vault: without one there is nothing to restore from."""
        if not params or not isinstance(params.get("vault"), Vault):
            raise InvalidParamError("The placeholder operator needs a 'vault' parameter.")

    def operator_name(self) -> str:
        """Name under which the operator is registered in the engine."""
        return OPERATOR_NAME

    def operator_type(self) -> OperatorType:
        """An anonymizing (not deanonymizing) operator."""
        return OperatorType.Anonymize


class Pseudonymizer:
    """Owns one presidio ``AnonymizerEngine`` with the placeholder operator. Not thread-safe."""

    def __init__(self) -> None:
        self._engine = AnonymizerEngine()  # type: ignore[no-untyped-call]
        self._engine.add_anonymizer(VaultPlaceholderOperator)

    def pseudonymize(self, text: str, findings: Sequence[Finding], vault: Vault) -> str:
        """The text with every finding replaced by its placeholder from ``vault``.

        Placeholders are numbered in reading order. Overlapping findings are resolved by Presidio
        (a finding contained in another is dropped). Raises :class:`~anonymizer.vault.VaultFullError`
        when the vault is full; the caller must then block the text.
        """
        _check_spans(text, findings)
        vault.reserve_literals(text)
        if not findings:
            return text
        for finding in _isolated_in_reading_order(findings):
            vault.placeholder_for(finding.type, text[finding.start : finding.end])
        parts = []
        for start, end, batch in _batches(text, findings):
            parts.append(
                self._replace(text[start:end], [_shifted(f, -start) for f in batch], vault)
            )
        logger.debug("Pseudonymized %d finding(s)", len(findings))
        return "".join(parts)

    def _replace(self, text: str, findings: Sequence[Finding], vault: Vault) -> str:
        if not findings:
            return text
        result = self._engine.anonymize(
            text=text,
            analyzer_results=[RecognizerResult(f.type, f.start, f.end, f.score) for f in findings],
            operators={"DEFAULT": OperatorConfig(OPERATOR_NAME, {"vault": vault})},
            merge_entities_with_spaces=False,
        )
        output: str = result.text
        return output


# Presidio compares every finding with every other one: batches keep the whole linear.
BATCH_SIZE = 50


def _shifted(finding: Finding, offset: int) -> Finding:
    return Finding(finding.type, finding.start + offset, finding.end + offset, finding.score)


def _batches(text: str, findings: Sequence[Finding]) -> list[tuple[int, int, list[Finding]]]:
    """Consecutive text segments with their findings, cut only between findings that do not overlap."""
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    segments: list[tuple[int, int, list[Finding]]] = []
    batch: list[Finding] = []
    segment_start = furthest_end = 0
    for finding in ordered:
        if len(batch) >= BATCH_SIZE and finding.start >= furthest_end:
            segments.append((segment_start, furthest_end, batch))
            segment_start, batch = furthest_end, []
        batch.append(finding)
        furthest_end = max(furthest_end, finding.end)
    segments.append((segment_start, len(text), batch))
    return segments


def _check_spans(text: str, findings: Sequence[Finding]) -> None:
    for finding in findings:
        if not 0 <= finding.start < finding.end <= len(text):
            raise ValueError(
                f"Finding {finding.type} [{finding.start}, {finding.end}) is not a span of a "
                f"{len(text)}-character text"
            )


def _isolated_in_reading_order(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that overlap no other, sorted: Presidio keeps them as they are.

    Presidio replaces from the end of the text; issuing these first keeps the numbering in reading
    order ("[PERSONNE_1] et [PERSONNE_2]").
    """
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    isolated = []
    furthest_end = 0
    for index, finding in enumerate(ordered):
        before_next = index + 1 == len(ordered) or finding.end <= ordered[index + 1].start
        if furthest_end <= finding.start and before_next:
            isolated.append(finding)
        furthest_end = max(furthest_end, finding.end)
    return isolated
