"""The guard's addons in the order mitmproxy must run them; the runner and the addon tests use this one list.

The runner registers each as a separate top-level addon, so that an exception in one (which
mitmproxy logs and then ignores) cannot skip the :class:`~addons.gate.Gate` registered last.
"""


from addons import log_privacy
from addons.acknowledgement import AcknowledgementGate
from addons.answers import AnswerRestorer
from addons.charter import CharterGuard
from addons.context import GuardContext
from addons.gate import Gate
from addons.router import ToolRouter
from addons.usage import UsageReporter
from addons.websocket import WebSocketGuard


def build_addons(context: GuardContext) -> list[object]:
    """The guard's addons, in the order they must run (the charter acknowledgement first after the router, the gate last)."""
    log_privacy.install()  # mitmproxy's own log lines never quote a request
    charter = CharterGuard(context)
    return [
        ToolRouter(context),
        AcknowledgementGate(context),
        charter,
        WebSocketGuard(context, charter),
        AnswerRestorer(context),
        UsageReporter(context),
        Gate(context),
    ]
