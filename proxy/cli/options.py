"""Options shared by several commands, declared once so they read and fail the same way.

``--policy`` does not ask click to check that the file exists: click would answer in English.
The policy loader names the missing or unreadable file in French (see ``anonymizer.policy``).
"""

from pathlib import Path

import click

policy_option = click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=True, path_type=Path),
    metavar="FICHIER",
    help="Fichier de politique de l'association (TOML).",
)
db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Adresse du journal d'usage (par défaut : le fichier local ; ou GARDE_IA_DB).",
)
