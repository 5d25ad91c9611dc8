"""Apply the charter to what a request sends: allow it, pseudonymize it in place, or block it.

The check runs off the event loop in a single-worker executor (the Guard is not thread-safe and
spaCy is CPU-bound), with a timeout. Every failure keeps the deny-by-default answer the router
set: nothing raw is ever forwarded because something went wrong.
"""

import asyncio
import logging
import traceback
from concurrent.futures import ThreadPoolExecutor

from mitmproxy import ctx, http

from addons.context import AddonContext
from addons.responses import notice_response
from addons.state import FlowState, state_of
from addons.uploads import UploadReader
from anonymizer.decision import Decision, strongest
from proxy.inspection.files import FileContent, FileError, FileLimits
from proxy.inspection.files.chunks import split_text
from proxy.inspection.files.verdict import FileContext, FileVerdict, judge_file
from proxy.inspection.files.verdict import problem_notice as file_problem_notice
from proxy.inspection.formats.decoding import decode_body
from proxy.inspection.formats.errors import PayloadError
from proxy.inspection.formats.junctions import Junction, junctions
from proxy.inspection.formats.leaves import LeafBatch
from proxy.inspection.formats.query import query_of
from proxy.inspection.formats.requests import Extraction, extract
from proxy.inspection.formats.uploads import Upload
from proxy.inspection.notices import Notice, decision_notice, problem_notice
from proxy.usage.model_names import safe_model_name

logger = logging.getLogger(__name__)
NAME_ENTITY = "PERSONNE"


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


def conversation_key(state: FlowState, found: str | None, client: str) -> str:
    """The vault key: the tool, the client and its conversation id (or the client alone).

    The client is part of the key so that a placeholder is restored only for whoever created it:
    on a shared server, someone reusing another person's conversation id gets placeholders back,
    never that person's values. The client is the connection's source address (one device, or
    one NAT in server mode: documented in the report of issue 11).
    """
    conversation = f"conversation:{found}" if found else "no-conversation"
    return f"{state.match.tool.id}|client:{client}|{conversation}"


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


class RequestCheck:
    """The request hook that runs the anonymizer on each payload-carrying request."""

    def __init__(self, context: AddonContext) -> None:
        self._context = context
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garde-ia-check")
        self._uploads = UploadReader()

    async def check(self, texts: list[str], conversation: str) -> list[Decision]:
        """Run the charter check for one request's texts in the worker thread, with the timeout.

        A text longer than ``garde_max_text_chars`` is refused before it reaches the worker: its
        check could outlast the timeout and, the worker being shared, stall everyone's prompts.
        """
        if any(len(text) > ctx.options.garde_max_text_chars for text in texts):
            raise PayloadError("too_long")
        vault = self._context.vaults.get(conversation)
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(self._executor, self._context.checker.check_texts, texts, vault)
        return await asyncio.wait_for(work, timeout=ctx.options.garde_check_timeout)

    async def request(self, flow: http.HTTPFlow) -> None:
        """Check the payload; lift the deny-by-default answer only when the check succeeded."""
        state = state_of(flow)
        if state is None or state.status != "pending" or flow.error or not flow.live:
            return
        try:
            await self._apply(flow, state)
        except PayloadError as error:
            self._block(
                flow, state, problem_notice(error.french, self._context.policy), error.problem
            )
        except FileError as error:
            notice = file_problem_notice(error.french, self._context.policy)
            self._block(flow, state, notice, f"file_{error.problem}")
        except TimeoutError:
            self._block(
                flow,
                state,
                problem_notice("la vérification a pris trop de temps", self._context.policy),
                "timeout",
            )
        except Exception as error:  # any failure must block, never forward
            logger.error(
                "Vérification impossible pour %s (%s) : requête bloquée",
                state.match.tool.id,
                type(error).__name__,
            )
            # Code locations only: an exception's message may quote the request.
            logger.debug("Où : %s", "".join(traceback.format_tb(error.__traceback__)))
            self._block(
                flow,
                state,
                problem_notice("erreur interne", self._context.policy),
                type(error).__name__,
            )

    async def _apply(self, flow: http.HTTPFlow, state: FlowState) -> None:
        request = flow.request
        raw = request.raw_content
        if raw is None:
            raise PayloadError("too_large")  # streamed past us: never acceptable here
        state.request_bytes = len(raw)
        limit = ctx.options.garde_max_body
        if state.match.kind == "upload":  # a file endpoint: the policy's cap for files applies
            limit = max(limit, self._context.policy.files.max_size_mb * 1_000_000)
        body = decode_body(raw, request.headers.get("content-encoding", ""), limit)
        query = query_of(request.path)
        # A WebSocket handshake: only its query string is read here (its messages come later).
        format_id = state.match.format if state.match.transport == "http" else "generic"
        found = extract(format_id, body, request.headers.get("content-type", ""), request.path, query)
        state.model = safe_model_name(found.model)  # never a raw request string in the usage log
        key = conversation_key(
            state,
            found.conversation,
            flow.client_conn.peername[0] if flow.client_conn.peername else "",
        )
        state.conversation = key
        contents = await self._read_files(found.uploads, state)
        texts = found.texts
        leaves = LeafBatch(found.extras)  # every other string of the body and the query string
        extra_texts = leaves.texts()
        in_files = file_texts(found.uploads, contents)
        joins = junctions(texts)  # a value typed across two parts or two messages
        everything = [*texts, *extra_texts, *(t for _, t in in_files), *(j.text for j in joins)]
        checked = await self.check(everything, key) if everything else []
        if joins:
            checked, join_decisions = checked[: -len(joins)], checked[-len(joins) :]
            if self._split_value(flow, state, joins, join_decisions):
                return
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
        checked = [*decisions, *extra_decisions, *file_decisions]
        decision = merge_decisions(checked)
        verdicts = self._judge_files(state, found.uploads, contents, in_files, file_decisions)
        state.action = strongest([decision.action, *(v.action for v in verdicts)])
        state.rule_ids = tuple(dict.fromkeys(r.rule for r in decision.reasons))
        state.categories = decision.categories
        state.entity_counts = decision.entity_counts
        if decision.action == "block":
            self._block(
                flow,
                state,
                decision_notice(decision, self._context.policy, self._context.entity_labels),
            )
            return
        blocked = next((v.notice for v in verdicts if v.action == "block" and v.notice), None)
        if blocked is not None:
            self._block(flow, state, blocked)
            return
        if state.action == "pseudonymize":
            if not state.match.rewritable:
                notice = decision_notice(
                    decision, self._context.policy, self._context.entity_labels
                )
                self._block(flow, state, notice)
                return
            if not leaves.apply([d.text for d in extra_decisions]):  # a key or a number to rewrite
                notice = decision_notice(
                    decision, self._context.policy, self._context.entity_labels
                )
                self._block(flow, state, notice)
                return
            for upload, verdict, new_text in self._file_rewrites(
                found.uploads, verdicts, in_files, file_decisions
            ):
                if verdict.action == "pseudonymize":
                    upload.rewrite(new_text)
            self._rewrite(request, found, [d.text or "" for d in decisions])
        flow.response = None
        state.status = "cleared"
        if state.match.transport == "websocket":
            state.conversation = None  # each message names its own conversation

    def _split_value(
        self, flow: http.HTTPFlow, state: FlowState, joins: list[Junction], decisions: list[Decision]
    ) -> bool:
        """Block when a value straddles two texts, or the two together say something sensitive."""
        for join, decision in zip(joins, decisions, strict=True):
            if decision.action == "block":
                notice = decision_notice(decision, self._context.policy, self._context.entity_labels)
                self._block(flow, state, notice)
                return True
            if decision.action != "allow" and join.straddled_by(decision.findings):
                problem = "une donnée personnelle est coupée entre deux parties du message"
                self._block(flow, state, problem_notice(problem, self._context.policy), "split_value")
                return True
        return False

    async def _read_files(self, uploads: list[Upload], state: FlowState) -> list[FileContent]:
        if not uploads:
            return []
        limits = FileLimits(max_bytes=self._context.policy.files.max_size_mb * 1_000_000)
        contents = await self._uploads.read(uploads, limits, ctx.options.garde_check_timeout)
        for content in contents:
            state.file_sizes[content.kind] = state.file_sizes.get(content.kind, 0) + content.size
        return contents

    def _judge_files(
        self,
        state: FlowState,
        uploads: list[Upload],
        contents: list[FileContent],
        in_files: list[tuple[int, str]],
        decisions: list[Decision],
    ) -> list[FileVerdict]:
        context = FileContext(
            self._context.policy,
            self._context.policy.tools.status_of(state.match.tool.id),
            state.match.tool.name,
            self._context.approved_tools(),
            self._context.entity_labels,
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

    @staticmethod
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

    @staticmethod
    def _rewrite(request: http.Request, found: Extraction, texts: list[str]) -> None:
        new = found.rebuild(texts)
        if found.container == "query":
            request.path = request.path.partition("?")[0] + "?" + new.decode("ascii")
        else:
            request.content = (
                new  # mitmproxy re-applies the Content-Encoding and fixes Content-Length
            )
        query = found.rebuild_query()
        if query is not None:
            request.path = request.path.partition("?")[0] + "?" + query

    def _block(
        self, flow: http.HTTPFlow, state: FlowState, notice: Notice, problem: str | None = None
    ) -> None:
        state.status, state.action, state.problem = "blocked", "block", problem
        if problem:
            logger.warning("Requête vers %s bloquée : %s", state.match.tool.id, problem)
        flow.response = notice_response(flow.request, state.match, notice)

    def done(self) -> None:
        """Stop the worker thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._uploads.close()
