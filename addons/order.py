"""The guard's addons in the order mitmproxy must run them; the runner and the addon tests use this one list.

The runner registers each as a separate top-level addon, so that an exception in one (which
mitmproxy logs and then ignores) cannot skip the :class:`~addons.fail_closed.Gate` registered last.
"""

from addons import log_privacy
from addons.acknowledgement import AcknowledgementGate
from addons.answers import AnswerRestorer
from addons.context import AddonContext
from addons.fail_closed import FailClosed
from addons.request_check import RequestCheck
from addons.router import ToolRouter
from addons.usage import UsageReporter
from addons.websocket import WebSocketCheck
from proxy.inspection.pipeline import Inspector


def build_addons(context: AddonContext) -> list[object]:
    """The guard's addons, in the order they must run (the charter acknowledgement first after the router, FailClosed last)."""
    log_privacy.install()  # mitmproxy's own log lines never quote a request
    # One inspection pipeline (one check worker) for requests and WebSocket messages alike.
    inspector = Inspector(
        context.policy,
        context.checker,
        context.vaults,
        context.entity_labels,
        context.approved_tools(),
    )
    return [
        ToolRouter(context),
        AcknowledgementGate(context),
        RequestCheck(context, inspector),
        WebSocketCheck(context, inspector),
        AnswerRestorer(context),
        UsageReporter(context),
        FailClosed(context),
    ]
