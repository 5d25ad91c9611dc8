"""Is a local port free? Asked before loading anything, so a second start says so at once.

mitmproxy reports a busy port only in its log, after garde-ia has already announced that it
listens, and suggests one of its own options; werkzeug raises an English ``OSError``. Binding
the same way they do (``SO_REUSEADDR``, as asyncio's servers) and releasing at once answers the
question the user has: is garde-ia already running?
"""

import errno
import socket


class PortBusyError(OSError):
    """The port cannot be listened on; the message says why in French and what to do."""


def ensure_free(host: str, port: int, what: str, option: str) -> None:
    """Raise :class:`PortBusyError` when ``host:port`` cannot be listened on now."""
    if port == 0:
        return  # the system picks a free one
    try:
        socket.create_server((host, port)).close()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortBusyError(
                f"le port {port} ({host}) est déjà utilisé : {what} tourne peut-être déjà "
                f"(« garde-ia doctor » le vérifie). Sinon, choisissez un autre port avec {option}."
            ) from error
        if error.errno in (errno.EACCES, errno.EPERM):
            raise PortBusyError(
                f"écoute sur le port {port} refusée : les ports sous 1024 demandent des droits "
                f"d'administrateur ; choisissez-en un autre avec {option}."
            ) from error
        raise PortBusyError(
            f"impossible d'écouter sur {host}:{port} (adresse absente de cet ordinateur ?) ; "
            "l'adresse par défaut 127.0.0.1 convient presque toujours."
        ) from error
