"""Apply the charter to what a request sends: allow it, pseudonymize it in place, or block it.

The check runs off the event loop in a single-worker executor (the Guard is not thread-safe and
spaCy is CPU-bound), with a timeout. Every failure keeps the deny-by-default answer the router
set: nothing raw is ever forwarded because something went wrong.
"""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from mitmproxy import ctx, http

from addons.context import GuardContext
from addons.responses import notice_response
from addons.state import GuardState, state_of
from anonymizer.decision import Decision, strongest
from proxy.formats.decoding import decode_body
from proxy.formats.errors import PayloadError
from proxy.formats.requests import Extraction, extract
from proxy.notices import Notice, decision_notice, problem_notice

logger = logging.getLogger(__name__)


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


def conversation_key(state: GuardState, found: str | None, client: str) -> str:
    """The vault key: the tool and its conversation id, or the tool and the client as a fallback."""
    return f"{state.match.tool.id}|{found}" if found else f"{state.match.tool.id}|client:{client}"


class CharterGuard:
    """The request hook that runs the anonymizer on each payload-carrying request."""

    def __init__(self, context: GuardContext) -> None:
        self._context = context
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garde-ia-check")

    async def check(self, texts: list[str], conversation: str) -> list[Decision]:
        """Run the charter check for one request's texts in the worker thread, with the timeout."""
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
            self._block(flow, state, problem_notice(error.french, self._context.policy), error.problem)
        except TimeoutError:
            self._block(flow, state, problem_notice("la vérification a pris trop de temps", self._context.policy), "timeout")
        except Exception as error:  # any failure must block, never forward
            logger.error("Vérification impossible pour %s (%s) : requête bloquée", state.match.tool.id, type(error).__name__)
            logger.debug("Détail de l'erreur", exc_info=True)
            self._block(flow, state, problem_notice("erreur interne", self._context.policy), type(error).__name__)

    async def _apply(self, flow: http.HTTPFlow, state: GuardState) -> None:
        request = flow.request
        raw = request.raw_content
        if raw is None:
            raise PayloadError("too_large")  # streamed past us: never acceptable here
        state.request_bytes = len(raw)
        body = decode_body(raw, request.headers.get("content-encoding", ""), ctx.options.garde_max_body)
        query = request.path.partition("?")[2]
        found = extract(state.match.format, body, request.headers.get("content-type", ""), request.path, query)
        state.model = found.model
        key = conversation_key(state, found.conversation, flow.client_conn.peername[0] if flow.client_conn.peername else "")
        state.conversation = key
        texts = found.texts
        decisions = await self.check(texts, key) if texts else []
        decision = merge_decisions(decisions)
        state.action = decision.action
        state.rule_ids = tuple(dict.fromkeys(r.rule for r in decision.reasons))
        state.categories = decision.categories
        state.entity_counts = decision.entity_counts
        if decision.action == "block":
            self._block(flow, state, decision_notice(decision, self._context.policy, self._context.entity_labels))
            return
        if decision.action == "pseudonymize":
            if not state.match.rewritable:
                notice = decision_notice(decision, self._context.policy, self._context.entity_labels)
                self._block(flow, state, notice)
                return
            self._rewrite(request, found, [d.text or "" for d in decisions])
        flow.response = None
        state.status = "cleared"

    @staticmethod
    def _rewrite(request: http.Request, found: Extraction, texts: list[str]) -> None:
        new = found.rebuild(texts)
        if found.container == "query":
            request.path = request.path.partition("?")[0] + "?" + new.decode("ascii")
        else:
            request.content = new  # mitmproxy re-applies the Content-Encoding and fixes Content-Length

    def _block(self, flow: http.HTTPFlow, state: GuardState, notice: Notice, problem: str | None = None) -> None:
        state.status, state.action, state.problem = "blocked", "block", problem
        if problem:
            logger.warning("Requête vers %s bloquée : %s", state.match.tool.id, problem)
        flow.response = notice_response(flow.request, state.match, notice)

    def done(self) -> None:
        """Stop the worker thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
