"""``garde-ia report``: the referent's review of AI use (table, CSV or a self-contained HTML file)."""

from pathlib import Path

import click

from proxy.commands.options import db_option, policy_option
from proxy.policy import load_policy

FORMATS = ("table", "csv", "html")


@click.command("report")
@click.option(
    "--since",
    default="30d",
    show_default=True,
    metavar="PÉRIODE",
    help="30d (jours), 12w (semaines), 6m (mois), 1y (an) ou une date AAAA-MM-JJ.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (terminal), csv (tableur) ou html (un fichier autonome pour le bureau).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=True),
    help="Fichier où écrire le rapport (sinon la sortie standard).",
)
@db_option
@policy_option
def command(
    since: str,
    output_format: str,
    out_path: Path | None,
    db_url: str | None,
    policy_path: Path | None,
) -> None:
    """Rapport d'usage : outils utilisés, actions de garde-ia, charte, incidents, empreinte."""
    from proxy.events import utc_now
    from proxy.report.period import PeriodError, parse_since
    from proxy.report.queries import build_report
    from proxy.report.render_text import EMPTY_MESSAGE
    from proxy.storage.schema import DatabaseUnavailableError, open_database, refresh_statistics

    now = utc_now()
    try:
        start = parse_since(since, now)
    except PeriodError as error:
        raise click.BadParameter(str(error), param_hint="--since") from error
    policy = load_policy(policy_path)  # an invalid policy: FriendlyGroup says it (exit code 3)
    if out_path is not None:
        _check_writable(out_path)
    try:
        engine = open_database(db_url)
    except DatabaseUnavailableError as error:
        raise click.ClickException(str(error)) from error
    try:
        refresh_statistics(engine)
        report = build_report(engine, policy, start, now)
    finally:
        engine.dispose()
    text = _render(report, output_format)
    if out_path is None:
        click.echo(text, nl=False)
    else:
        _write(out_path, text)
        click.echo(f"Rapport écrit dans {out_path}", err=True)
    if report.is_empty:
        click.echo(EMPTY_MESSAGE, err=True)


def _render(report: object, output_format: str) -> str:
    from proxy.report.model import UsageReport
    from proxy.report.render_csv import render_csv
    from proxy.report.render_html import render_html
    from proxy.report.render_text import render_text

    assert isinstance(report, UsageReport)
    renderers = {"table": render_text, "csv": render_csv, "html": render_html}
    return renderers[output_format](report)


def _check_writable(path: Path) -> None:
    """Fail before querying when the report could not be written."""
    if not path.parent.is_dir():
        raise click.BadParameter(f"le dossier « {path.parent} » n'existe pas.", param_hint="--out")
    if path.exists() and path.is_dir():
        raise click.BadParameter(f"« {path} » est un dossier, pas un fichier.", param_hint="--out")
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as error:
        raise click.BadParameter(
            f"impossible d'écrire dans « {path} » ({error.strerror or type(error).__name__}).",
            param_hint="--out",
        ) from error


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(
            f"Impossible d'écrire le rapport dans « {path} » ({error.strerror or type(error).__name__})."
        ) from error
