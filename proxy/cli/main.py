"""The ``garde-ia`` command line.

Each command lives in its own module under ``proxy/cli/`` and is registered here. Heavy
imports (the anonymizer's model, mitmproxy, SQLAlchemy) happen inside the commands, so
``garde-ia --help`` stays fast.
"""

import logging

import click

from proxy.cli import register_all
from proxy.cli.failures import FriendlyGroup

# Libraries whose DEBUG messages carry prompt words (presidio logs the "context list" of a text).
CONTENT_LOGGERS = ("presidio-analyzer", "presidio-anonymizer")


@click.group(cls=FriendlyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-v", "--verbose", count=True, help="Plus de messages de diagnostic (jamais de contenu)."
)
def main(verbose: int) -> None:
    """garde-ia : applique la charte IA de votre association aux outils d'IA générative."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")  # noqa: TID251
    for name in CONTENT_LOGGERS:  # their debug lines quote the analysed text
        logging.getLogger(name).setLevel(max(level, logging.INFO))


register_all(main)
