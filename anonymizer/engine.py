"""The guard: detect, decide under the charter, pseudonymize. One instance per process.

``build_guard(policy)`` loads the French model once (a few seconds); ``Guard.check(text, vault)``
then answers one :class:`~anonymizer.decision.Decision` per text. Presidio runs the recognizers on
a Doc computed once; the sensitive-topic matcher reuses that same Doc.
"""

import logging
import weakref
from collections import OrderedDict
from collections.abc import Sequence

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult

from anonymizer.decision import Action, Decision, Finding, Reason, strongest
from anonymizer.entities import describe
from anonymizer.linkage import linked_categories
from anonymizer.names import FrPersonRecognizer, NameLists
from anonymizer.nlp import LANGUAGE, FrenchNlpEngine
from anonymizer.normalize import Normalized, normalize
from anonymizer.overlaps import merge_overlaps
from anonymizer.pieces import piece_spans
from anonymizer.policy import DetectionPolicy
from anonymizer.pseudonymize import Pseudonymizer
from anonymizer.recognizers import identifier_recognizers, is_temporary_nir
from anonymizer.refine import refine, table_intro_persons
from anonymizer.sensitive import TopicMatcher
from anonymizer.vault import Vault

logger = logging.getLogger(__name__)

SEEN_PER_CONVERSATION = 256
PERSON = "PERSONNE"
# A temporary social-security number (NIA) reveals an immigration situation by itself.
TEMPORARY_NIR_CATEGORY = "social"


class Guard:
    """Applies the charter's detection policy to texts. Not thread-safe: use one worker thread."""

    def __init__(
        self, policy: DetectionPolicy, analyzer: AnalyzerEngine, nlp_engine: FrenchNlpEngine
    ) -> None:
        self.policy = policy
        self._analyzer = analyzer
        self._nlp_engine = nlp_engine
        extra = {str(k): v for k, v in policy.detection.extra_terms.items()}
        self._topics = TopicMatcher(nlp_engine.pipeline(), extra)
        self._pseudonymizer = Pseudonymizer()
        lists = NameLists.build(policy.detection.first_names)
        self._first_names = lists.first_names | lists.international
        # Clients resend the whole conversation at every turn: each earlier message's decision is
        # kept beside its conversation's vault (in memory only, gone with the vault).
        self._seen: weakref.WeakKeyDictionary[Vault, OrderedDict[str, Decision]] = (
            weakref.WeakKeyDictionary()
        )

    def check(self, text: str, vault: Vault | None = None) -> Decision:
        """The charter decision for ``text``; pseudonyms come from ``vault`` (a fresh one if None)."""
        if vault is None:
            return self._check(text, Vault())
        seen = self._seen.setdefault(vault, OrderedDict())
        decision = seen.get(text)
        if decision is None:
            decision = self._check(text, vault)
            seen[text] = decision
            if len(seen) > SEEN_PER_CONVERSATION:
                seen.popitem(last=False)
        else:
            seen.move_to_end(text)
        return decision

    def _check(self, text: str, vault: Vault) -> Decision:
        if not text.strip():
            return Decision("allow", text)
        findings: list[Finding] = []
        categories: set[str] = set()
        known = vault.values(PERSON)  # people named earlier in the conversation
        # Detection reads the normalized writing; findings are mapped back onto the original characters.
        normalized = normalize(text)
        for start, end in piece_spans(normalized.text):
            piece = normalized.text[start:end]
            piece_findings, piece_categories = self._analyze(piece, known, vault)
            findings += [_original(normalized, f, start) for f in piece_findings]
            known += [piece[f.start : f.end] for f in piece_findings if f.type == PERSON]
            categories |= piece_categories
        return self._decide(text, tuple(merge_overlaps(findings)), sorted(categories), vault)

    def _analyze(self, text: str, known: list[str], vault: Vault) -> tuple[list[Finding], set[str]]:
        """Findings and linked sensitive categories of one piece of text."""
        artifacts = self._nlp_engine.process_text(text, LANGUAGE)
        results = self._analyzer.analyze(
            text=text,
            language=LANGUAGE,
            nlp_artifacts=artifacts,
            score_threshold=self.policy.detection.score_threshold,
        )
        # Second look (tables, line breaks, later mentions of a person): anonymizer/refine.py.
        refined = refine(text, _to_findings(results), known, self._first_names)
        findings = refined.findings
        for mention, full_name in refined.aliases:
            vault.alias(PERSON, mention, full_name)
        doc = artifacts.tokens
        topics = self._topics.find(doc)
        categories = set(linked_categories(doc, findings, topics))
        intros = table_intro_persons(refined.tables, findings)
        categories |= {t.category for t in topics if any(s <= t.start < e for s, e in intros)}
        if any(f.type == "NIR" and is_temporary_nir(text[f.start : f.end]) for f in findings):
            categories.add(TEMPORARY_NIR_CATEGORY)
        return findings, categories

    def check_texts(self, texts: Sequence[str], vault: Vault | None = None) -> list[Decision]:
        """Decisions for the texts of one request, sharing one vault (same person, same placeholder)."""
        shared = vault if vault is not None else Vault()
        for (
            text
        ) in texts:  # a placeholder typed in a later text must not be issued for an earlier one
            shared.reserve_literals(text)
        return [self.check(text, shared) for text in texts]

    def _decide(
        self, text: str, findings: tuple[Finding, ...], categories: list[str], vault: Vault
    ) -> Decision:
        reasons = [self._category_reason(c) for c in categories]
        reasons += self._identifier_reasons(findings)
        action = strongest([r.action for r in reasons])
        counts = Decision.count(findings)
        if action == "block":
            return Decision("block", None, findings, tuple(categories), tuple(reasons), counts)
        if action == "allow" or not findings:
            return Decision("allow", text, findings, tuple(categories), tuple(reasons), counts)
        to_replace = [f for f in findings if self.policy.identifiers.action_for(f.type) != "allow"]
        new_text = self._pseudonymizer.pseudonymize(text, to_replace, vault)
        return Decision(
            "pseudonymize", new_text, findings, tuple(categories), tuple(reasons), counts
        )

    def _category_reason(self, category: str) -> Reason:
        spec = self.policy.categories[category]  # type: ignore[index]
        rule = self.policy.rules[spec.rule]
        detail = f"Le texte associe une personne identifiable à une donnée sensible : {spec.label}."
        return Reason(spec.rule, rule.title, detail, spec.action)

    def _identifier_reasons(self, findings: tuple[Finding, ...]) -> list[Reason]:
        spec = self.policy.identifiers
        reasons = []
        for entity_type in sorted({f.type for f in findings}):
            action: Action = spec.action_for(entity_type)
            if action == "allow":
                continue
            rule_id = spec.never_send_rule if action == "block" else spec.rule
            detail = f"Donnée personnelle détectée : {describe(entity_type)}."
            reasons.append(Reason(rule_id, self.policy.rules[rule_id].title, detail, action))
        return reasons


def _original(normalized: Normalized, finding: Finding, offset: int) -> Finding:
    """A finding on a piece of the normalized text, placed on the original text (see anonymizer.normalize)."""
    start, end = normalized.original_span(finding.start + offset, finding.end + offset)
    return Finding(finding.type, start, end, finding.score)


def _to_findings(results: list[RecognizerResult]) -> list[Finding]:
    return [Finding(r.entity_type, r.start, r.end, round(float(r.score), 3)) for r in results]


def build_guard(policy: DetectionPolicy) -> Guard:
    """Load the model and the recognizers once; the result serves every later check."""
    nlp_engine = FrenchNlpEngine()
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in identifier_recognizers():
        registry.add_recognizer(recognizer)
    lists = NameLists.build(policy.detection.first_names, policy.detection.public_figures)
    registry.add_recognizer(FrPersonRecognizer(lists))
    analyzer = AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=policy.detection.score_threshold,
    )
    return Guard(policy, analyzer, nlp_engine)
