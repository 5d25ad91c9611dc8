"""``python -m proxy`` runs the garde-ia command line."""

from proxy.cli.main import main

main()
