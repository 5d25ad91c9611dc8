"""The local server fixtures of the web tests, shared with the extension's tests."""

from tests.web.conftest import running, scanner

__all__ = ["running", "scanner"]
