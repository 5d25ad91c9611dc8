"""The per-install secret of the local pages, and the tokens derived from it.

The secret is random, created once in ``GARDE_IA_HOME/local-pages.secret`` with owner-only
permissions; another local user cannot read it, and another web page cannot read our pages (no CORS,
Host check), so neither can forge a form token or the API token.
"""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from proxy.config.paths import home_dir

SECRET_FILE = "local-pages.secret"
CSRF_MAX_AGE_SECONDS = 12 * 3600


def load_or_create_secret(home: Path | None = None) -> bytes:
    """Read the secret, creating it (mode 0600) on first use; a file others can read is replaced."""
    path = (home or home_dir()) / SECRET_FILE
    if path.exists() and path.stat().st_mode & 0o077 == 0:
        value = path.read_bytes().strip()
        if len(value) >= 32:
            return value
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    value = secrets.token_urlsafe(48).encode("ascii")
    with os.fdopen(descriptor, "wb") as file:
        file.write(value)
    return value


class Tokens:
    """Form (CSRF) tokens and the API token, all derived from the per-install secret."""

    def __init__(self, secret: bytes) -> None:
        self._api = hmac.new(secret, b"garde-ia api token", hashlib.sha256).hexdigest()
        self._forms = URLSafeTimedSerializer(secret, salt="garde-ia csrf")

    @property
    def api_token(self) -> str:
        """The token a local client sends in the ``X-Garde-IA-Token`` header."""
        return self._api

    def check_api_token(self, candidate: str | None) -> bool:
        """Whether ``candidate`` is the API token (constant-time comparison)."""
        return candidate is not None and hmac.compare_digest(candidate.encode(), self._api.encode())

    def form_token(self) -> str:
        """A fresh, signed, time-limited token for one form."""
        return self._forms.dumps(secrets.token_hex(8))

    def check_form_token(self, candidate: str | None) -> bool:
        """Whether ``candidate`` is a form token we signed less than 12 hours ago."""
        if not candidate:
            return False
        try:
            self._forms.loads(candidate, max_age=CSRF_MAX_AGE_SECONDS)
        except BadSignature:
            return False
        return True
