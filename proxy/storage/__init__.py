"""The usage log: what garde-ia did with each request to an AI tool, never what was written.

Entry points: :class:`UsageLog` (``UsageLog.open(url)``; ``record``, ``record_sighting``, recent
activity for the tray), :class:`BackgroundWriter` (the proxy's queue and writer thread), the
acknowledgement and incident repositories, and :func:`proxy.storage.purge.purge_expired` for retention.
"""

from proxy.storage.engine import make_engine, resolve_url
from proxy.storage.schema import migrate
from proxy.storage.usage_log import UsageLog
from proxy.storage.writer import BackgroundWriter

__all__ = ["BackgroundWriter", "UsageLog", "make_engine", "migrate", "resolve_url"]
