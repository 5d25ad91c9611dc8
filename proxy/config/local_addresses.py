"""Where garde-ia's own local services listen: the pages' loopback port, known to the guard, setup and doctor."""

# The local pages and JSON API (``garde-ia serve`` / the tray), on 127.0.0.1 only.
DEFAULT_PORT = 8799
