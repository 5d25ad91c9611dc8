"""``garde-ia purge``: delete what the retention policy keeps no longer (the proxy also does it daily)."""

from pathlib import Path

import click

from proxy.cli.options import db_option, policy_option
from proxy.config.policy import load_policy


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Compter sans rien supprimer.")
@db_option
@policy_option
def command(dry_run: bool, db_url: str | None, policy_path: Path | None) -> None:
    """Purge le journal d'usage selon les durées de conservation de la politique."""
    from proxy.report.formatting import day, number
    from proxy.storage.purge import purge_expired
    from proxy.storage.schema import DatabaseUnavailableError, open_database

    retention = load_policy(policy_path).retention  # an invalid policy: exit code 3
    try:
        engine = open_database(db_url)
    except DatabaseUnavailableError as error:
        raise click.ClickException(str(error)) from error
    try:
        result = purge_expired(engine, retention, dry_run=dry_run)
    finally:
        engine.dispose()
    verb = "seraient supprimés" if dry_run else "supprimés"
    click.echo(
        f"Évènements d'usage antérieurs au {day(result.events_before)} ({retention.usage_events_months} mois) : "
        f"{number(result.events)} {verb}.\n"
        f"Pauses et reprises de la protection antérieures à cette date : "
        f"{number(result.protection_changes)} {verb}.\n"
        f"Comptes journaliers d'outils d'IA hors catalogue antérieurs à cette date : "
        f"{number(result.sightings)} {verb}.\n"
        f"Incidents clos avant le {day(result.incidents_before)} ({retention.incidents_years} ans) : "
        f"{number(result.incidents)} {verb}. Les incidents ouverts sont conservés."
    )
