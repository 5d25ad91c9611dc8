"""garde-ia's local pages and JSON API, served on the loopback interface only.

:func:`proxy.web.app.create_app` builds the Flask application, :class:`proxy.web.server.LocalServer`
runs it in a thread on 127.0.0.1. Protections: Host and Origin checks, CSRF tokens signed with a
per-install secret, an API token, no CORS (see :mod:`proxy.web.security`).
"""
