"""No raw request string in any log line, mitmproxy's own included.

mitmproxy prints what it could not parse (``Bad HTTP request line: b'GET /Jean Dupont…'``) and, at
``-v``, payloads and URLs. garde-ia's own messages never hold content (tool ids, problem codes,
exception class names); mitmproxy's are scrubbed as they are created: byte strings, quoted strings
and URL paths and queries are replaced by ``…``. Installed once by :func:`install` (idempotent).
"""

import logging
import re
from typing import Any

_SCRUB = (
    (re.compile(r"""\bb(['"]).*?(?<!\\)\1"""), "b'…'"),  # a bytes literal: raw data
    (re.compile(r"""(?<![\w])(['"])(?:(?!\1).){16,}?\1"""), "'…'"),  # a long quoted string
    (re.compile(r"\b((?:https?|wss?)://[^/\s?#]+)[/?#]\S*"), r"\1/…"),  # a URL's path and query
    (re.compile(r"(payload:\s*).*?(\)|$)"), r"\1…\2"),
)
_installed = False


def scrub(message: str) -> str:
    """``message`` without the request content it quoted."""
    for pattern, replacement in _SCRUB:
        message = pattern.sub(replacement, message)
    return message


def install() -> None:
    """Scrub every record of mitmproxy's loggers at creation (see the module docstring)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(name: str, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(name, *args, **kwargs)
        if name == "mitmproxy" or name.startswith("mitmproxy."):
            try:
                record.msg, record.args = scrub(record.getMessage()), None
            except Exception:  # a message that cannot be formatted is not printed at all
                record.msg, record.args = "(message de mitmproxy masqué)", None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
