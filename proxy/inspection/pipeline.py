"""One inspection of what goes to an AI tool: a payload in, an outcome out, for HTTP and WebSocket alike.

The payload is read in its declared format (the user's texts, every other string of the body and of
the query string, the files), everything is checked by the charter in one batch, and the outcome
says: send unchanged, send rewritten (pseudonymized), or block with a notice naming the rule.
Every failure (unreadable payload, bad encoding, unreadable file, timeout, internal error) becomes
a block: a caller forwards only an outcome whose action is not ``block``. The addons only turn
mitmproxy flows into payloads and outcomes back into flows.
"""

import asyncio
import logging
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from anonymizer.decision import Action, Decision, strongest
from anonymizer.vault import Vault, VaultStore
from proxy.config.catalog import Match
from proxy.config.policy import OrganisationPolicy
from proxy.inspection.files import FileContent, FileError, FileLimits
from proxy.inspection.files.chunks import split_text
from proxy.inspection.files.verdict import FileContext, FileVerdict, judge_file
from proxy.inspection.files.verdict import problem_notice as file_problem_notice
from proxy.inspection.formats.decoding import decode_body
from proxy.inspection.formats.errors import PayloadError
from proxy.inspection.formats.junctions import Junction, junctions
from proxy.inspection.formats.leaves import LeafBatch
from proxy.inspection.formats.requests import Extraction, extract
from proxy.inspection.formats.uploads import Upload
from proxy.inspection.notices import Notice, decision_notice, problem_notice
from proxy.inspection.upload_reader import UploadReader
from proxy.usage.model_names import safe_model_name

logger = logging.getLogger(__name__)
NAME_ENTITY = "PERSONNE"


class CharterChecker(Protocol):
    """What the inspection needs from the anonymizer's Guard (not thread-safe: one worker thread)."""

    def check_texts(self, texts: Sequence[str], vault: Vault | None = None) -> list[Decision]:
        """The decisions for the texts of one request, sharing ``vault``."""
        ...


@dataclass(frozen=True, slots=True)
class Limits:
    """How much the inspection accepts (mitmproxy options ``garde_max_body`` & co.)."""

    max_body: int
    max_text_chars: int
    timeout_seconds: float


@dataclass(frozen=True, slots=True)
class Payload:
    """What a request or a WebSocket message sends, as read off the wire (never logged)."""

    match: Match
    body: bytes | None  # None: the body was streamed past the guard (never acceptable)
    content_type: str
    path: str = ""  # with its query string
    query: str = ""
    content_encoding: str = ""
    client: str = ""  # the connection's source address: part of the vault key
    format_id: str | None = None  # the format to read the body in (the endpoint's by default)
    conversation: str | None = None  # the vault key already known for this connection, if any
    binary: bool = False  # a binary WebSocket frame: never read, so never sent


@dataclass(slots=True)
class Outcome:
    """What to do with one payload, and the facts the usage log keeps about it (never content)."""

    action: Action = "block"
    notice: Notice | None = None
    problem: str | None = None  # why it was blocked when it was not the charter (for the log line)
    rule_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    entity_counts: dict[str, int] = field(default_factory=dict)
    model: str | None = None
    conversation: str | None = None
    request_bytes: int = 0
    file_sizes: dict[str, int] = field(default_factory=dict)
    body: bytes | None = None  # the rewritten body, when pseudonymized
    query: str | None = None  # the rewritten query string, when pseudonymized


def merge_decisions(decisions: list[Decision]) -> Decision:
    """One decision for the whole request: the strongest action, every reason, all counts."""
    counts: dict[str, int] = {}
    for decision in decisions:
        for entity, n in decision.entity_counts.items():
            counts[entity] = counts.get(entity, 0) + n
    return Decision(
        strongest([d.action for d in decisions]),
        None,
        categories=tuple(dict.fromkeys(c for d in decisions for c in d.categories)),
        reasons=tuple(dict.fromkeys(r for d in decisions for r in d.reasons)),
        entity_counts=counts,
    )


def names_ignored(decision: Decision, text: str) -> Decision:
    """A decision on one-word values (models, roles, enumerations): a name alone is not acted on.

    The name finder reads "claude-sonnet-4-5", "Chat" or "Assistant" as people; rewriting them
    would break the request. Identifiers (e-mails, IBANs, numbers) and sensitive topics still count.
    """
    if decision.action != "pseudonymize" or any(f.type != NAME_ENTITY for f in decision.findings):
        return decision
    return Decision("allow", text)


def conversation_key(match: Match, found: str | None, client: str) -> str:
    """The vault key: the tool, the client and its conversation id (or the client alone).

    The client is part of the key so that a placeholder is restored only for whoever created it:
    on a shared server, someone reusing another person's conversation id gets placeholders back,
    never that person's values. The client is the connection's source address (one device, or
    one NAT in server mode).
    """
    conversation = f"conversation:{found}" if found else "no-conversation"
    return f"{match.tool.id}|client:{client}|{conversation}"


def has_name(upload: Upload) -> bool:
    """Whether the upload declares a file name (checked as a text of its own)."""
    return bool(upload.name and upload.name.strip())


def file_texts(uploads: list[Upload], contents: list[FileContent]) -> list[tuple[int, str]]:
    """The texts to check for the files of a request: (upload index, text), the name first.

    A document's text is checked in consecutive pieces (see :mod:`proxy.inspection.files.chunks`).
    """
    texts = []
    for index, (upload, content) in enumerate(zip(uploads, contents, strict=True)):
        if upload.name and has_name(upload):
            texts.append((index, upload.name))
        if content.text is not None:
            texts.extend((index, piece) for piece in split_text(content.text))
    return texts


class Blocked(Exception):
    """The inspection decided to block; carries the notice (raised inside the pipeline only)."""

    def __init__(self, notice: Notice, problem: str | None = None) -> None:
        super().__init__(problem or "blocked")
        self.notice, self.problem = notice, problem


class Inspector:
    """Inspects payloads with the charter: one check worker and one file worker, shared by every addon."""

    def __init__(
        self,
        policy: OrganisationPolicy,
        checker: CharterChecker,
        vaults: VaultStore,
        entity_labels: dict[str, str],
        approved_tools: tuple[str, ...] = (),
    ) -> None:
        self._policy = policy
        self._checker = checker
        self.vaults = vaults
        self._labels = entity_labels
        self._approved = approved_tools
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garde-ia-check")
        self._uploads = UploadReader()

    async def check(self, texts: list[str], conversation: str, limits: Limits) -> list[Decision]:
        """Run the charter check for one payload's texts in the worker thread, with the timeout.

        A text longer than ``max_text_chars`` is refused before it reaches the worker: its check
        could outlast the timeout and, the worker being shared, stall everyone's prompts.
        """
        if any(len(text) > limits.max_text_chars for text in texts):
            raise PayloadError("too_long")
        vault = self.vaults.get(conversation)
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(self._executor, self._checker.check_texts, texts, vault)
        return await asyncio.wait_for(work, timeout=limits.timeout_seconds)

    async def inspect(self, payload: Payload, limits: Limits) -> Outcome:
        """The outcome for ``payload``; any failure is a block, never an exception."""
        outcome = Outcome(conversation=payload.conversation)
        try:
            await self._inspect(payload, limits, outcome)
        except Blocked as blocked:
            self._block(outcome, blocked.notice, blocked.problem)
        except PayloadError as error:
            self._block(outcome, problem_notice(error.french, self._policy), error.problem)
        except FileError as error:
            notice = file_problem_notice(error.french, self._policy)
            self._block(outcome, notice, f"file_{error.problem}")
        except TimeoutError:
            notice = problem_notice("la vérification a pris trop de temps", self._policy)
            self._block(outcome, notice, "timeout")
        except Exception as error:  # any failure must block, never forward
            logger.error(
                "Vérification impossible pour %s (%s) : envoi bloqué",
                payload.match.tool.id,
                type(error).__name__,
            )
            # Code locations only: an exception's message may quote the request.
            logger.debug("Où : %s", "".join(traceback.format_tb(error.__traceback__)))
            self._block(
                outcome, problem_notice("erreur interne", self._policy), type(error).__name__
            )
        return outcome

    def _block(self, outcome: Outcome, notice: Notice, problem: str | None) -> None:
        outcome.action, outcome.notice, outcome.problem = "block", notice, problem
        outcome.body = outcome.query = None

    def _charter_notice(self, decision: Decision) -> Notice:
        return decision_notice(decision, self._policy, self._labels)

    async def _inspect(self, payload: Payload, limits: Limits, outcome: Outcome) -> None:
        if payload.binary:
            raise Blocked(problem_notice("message binaire", self._policy), "binary")
        if payload.body is None:
            raise PayloadError("too_large")  # streamed past us: never acceptable here
        outcome.request_bytes = len(payload.body)
        limit = limits.max_body
        if payload.match.kind == "upload":  # a file endpoint: the policy's cap for files applies
            limit = max(limit, self._policy.files.max_size_mb * 1_000_000)
        body = decode_body(payload.body, payload.content_encoding, limit)
        format_id = payload.format_id or payload.match.format
        found = extract(format_id, body, payload.content_type, payload.path, payload.query)
        # never a raw request string in the usage log
        outcome.model = safe_model_name(found.model) or outcome.model
        if outcome.conversation is None:
            outcome.conversation = conversation_key(
                payload.match, found.conversation, payload.client
            )
        contents = await self._read_files(found.uploads, limits, outcome)
        texts = found.texts
        leaves = LeafBatch(found.extras)  # every other string of the body and the query string
        extra_texts = leaves.texts()
        in_files = file_texts(found.uploads, contents)
        joins = junctions(texts)  # a value typed across two parts or two messages
        everything = [*texts, *extra_texts, *(t for _, t in in_files), *(j.text for j in joins)]
        checked = await self.check(everything, outcome.conversation, limits) if everything else []
        if joins:
            checked, join_decisions = checked[: -len(joins)], checked[-len(joins) :]
            self._refuse_split_values(joins, join_decisions)
        decisions = checked[: len(texts)]
        extra_decisions = [
            names_ignored(d, text) if words else d
            for d, text, words in zip(
                checked[len(texts) : len(texts) + len(extra_texts)],
                extra_texts,
                leaves.words(),
                strict=True,
            )
        ]
        file_decisions = checked[len(texts) + len(extra_texts) :]
        decision = merge_decisions([*decisions, *extra_decisions, *file_decisions])
        verdicts = self._judge_files(
            payload.match, found.uploads, contents, in_files, file_decisions
        )
        outcome.action = strongest([decision.action, *(v.action for v in verdicts)])
        outcome.rule_ids = tuple(dict.fromkeys(r.rule for r in decision.reasons))
        outcome.categories = decision.categories
        outcome.entity_counts = decision.entity_counts
        if decision.action == "block":
            raise Blocked(self._charter_notice(decision))
        blocked = next((v.notice for v in verdicts if v.action == "block" and v.notice), None)
        if blocked is not None:
            raise Blocked(blocked)
        if outcome.action != "pseudonymize":
            return
        if not payload.match.rewritable:
            raise Blocked(self._charter_notice(decision))
        if not leaves.apply([d.text for d in extra_decisions]):  # a key or a number to rewrite
            raise Blocked(self._charter_notice(decision))
        for upload, verdict, new_text in _file_rewrites(
            found.uploads, verdicts, in_files, file_decisions
        ):
            if verdict.action == "pseudonymize":
                upload.rewrite(new_text)
        _rewrite(outcome, found, [d.text or "" for d in decisions])

    def _refuse_split_values(self, joins: list[Junction], decisions: list[Decision]) -> None:
        """Block when a value straddles two texts, or the two together say something sensitive."""
        for join, decision in zip(joins, decisions, strict=True):
            if decision.action == "block":
                raise Blocked(self._charter_notice(decision))
            if decision.action != "allow" and join.straddled_by(decision.findings):
                problem = "une donnée personnelle est coupée entre deux parties du message"
                raise Blocked(problem_notice(problem, self._policy), "split_value")

    async def _read_files(
        self, uploads: list[Upload], limits: Limits, outcome: Outcome
    ) -> list[FileContent]:
        if not uploads:
            return []
        file_limits = FileLimits(max_bytes=self._policy.files.max_size_mb * 1_000_000)
        contents = await self._uploads.read(uploads, file_limits, limits.timeout_seconds)
        for content in contents:
            outcome.file_sizes[content.kind] = (
                outcome.file_sizes.get(content.kind, 0) + content.size
            )
        return contents

    def _judge_files(
        self,
        match: Match,
        uploads: list[Upload],
        contents: list[FileContent],
        in_files: list[tuple[int, str]],
        decisions: list[Decision],
    ) -> list[FileVerdict]:
        context = FileContext(
            self._policy,
            self._policy.tools.status_of(match.tool.id),
            match.tool.name,
            self._approved,
            self._labels,
        )
        verdicts = []
        for index, (upload, content) in enumerate(zip(uploads, contents, strict=True)):
            own = [d for (i, _), d in zip(in_files, decisions, strict=True) if i == index]
            name_clean = not (has_name(upload) and own and own[0].action != "allow")
            # An unreadable file is judged by the policy for unreadable files, unless its name alone
            # already carries something the charter protects (a name cannot be rewritten).
            decision = merge_decisions(own) if content.readable or not name_clean else None
            verdicts.append(
                judge_file(content, decision, upload.rewritable and name_clean, context)
            )
        return verdicts

    def close(self) -> None:
        """Stop the worker threads."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._uploads.close()


def _file_rewrites(
    uploads: list[Upload],
    verdicts: list[FileVerdict],
    in_files: list[tuple[int, str]],
    decisions: list[Decision],
) -> list[tuple[Upload, FileVerdict, str]]:
    """Each file with its verdict and its pseudonymized text (its pieces joined, name excluded)."""
    pieces: dict[int, list[str]] = {}
    for (i, _), decision in zip(in_files, decisions, strict=True):
        pieces.setdefault(i, []).append(decision.text or "")
    texts = {i: "".join(p[1:] if has_name(uploads[i]) else p) for i, p in pieces.items()}
    return [
        (u, v, texts.get(i, "")) for i, (u, v) in enumerate(zip(uploads, verdicts, strict=True))
    ]


def _rewrite(outcome: Outcome, found: Extraction, texts: list[str]) -> None:
    """The pseudonymized body and query string (decoded: the caller re-applies the Content-Encoding)."""
    new = found.rebuild(texts)
    if found.container == "query":
        outcome.query = new.decode("ascii")  # the format lives in the query string (``?q=``)
    else:
        outcome.body = new
    query = found.rebuild_query()
    if query is not None:
        outcome.query = query
