"""``garde-ia report``: the referent's review of AI use (table, CSV or a self-contained HTML file)."""

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from proxy.cli.failures import UserError
from proxy.cli.options import db_option, policy_option
from proxy.config.policy import load_policy

if TYPE_CHECKING:
    from proxy.report.model import UsageReport

FORMATS = ("table", "csv", "html", "pdf")


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
    help="table (terminal), csv (tableur), html (un fichier autonome) ou pdf (avec --out ; Chromium).",
)
@click.option(
    "--csv-dialect",
    type=click.Choice(["fr", "rfc4180"]),
    default="fr",
    show_default=True,
    help="fr : s'ouvre tel quel dans un tableur français (;  virgule décimale) ; rfc4180 : CSV standard.",
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
    csv_dialect: str,
    out_path: Path | None,
    db_url: str | None,
    policy_path: Path | None,
) -> None:
    """Rapport d'usage : outils utilisés, actions de garde-ia, charte, incidents, empreinte."""
    from proxy.report.period import PeriodError, parse_since
    from proxy.report.queries import build_report
    from proxy.report.render_text import EMPTY_MESSAGE
    from proxy.storage.schema import DatabaseUnavailableError, open_database, refresh_statistics
    from proxy.usage.events import utc_now

    now = utc_now()
    try:
        start = parse_since(since, now)
    except PeriodError as error:
        raise click.BadParameter(str(error), param_hint="--since") from error
    if output_format == "pdf" and out_path is None:
        raise click.BadParameter(
            "un PDF s'écrit dans un fichier : ajoutez --out rapport.pdf.", param_hint="--out"
        )
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
    if output_format == "pdf":
        assert out_path is not None
        _write_pdf(report, out_path)
    else:
        text = _render(report, output_format, csv_dialect)
        if out_path is None:
            click.echo(text, nl=False)
        else:
            _write(out_path, text)
    if out_path is not None:
        click.echo(f"Rapport écrit dans {out_path}", err=True)
    if report.is_empty:
        click.echo(EMPTY_MESSAGE, err=True)


def _render(report: "UsageReport", output_format: str, csv_dialect: str = "fr") -> str:
    from proxy.report.render_csv import render_csv
    from proxy.report.render_html import render_html
    from proxy.report.render_text import render_text

    if output_format == "csv":
        return render_csv(report, "rfc4180" if csv_dialect == "rfc4180" else "fr")
    return render_text(report) if output_format == "table" else render_html(report)


def _write_pdf(report: "UsageReport", out: Path) -> None:
    from proxy.report.render_html import render_html
    from proxy.report.render_pdf import PdfError, print_pdf

    try:
        print_pdf(render_html(report), out)
    except PdfError as error:
        raise UserError(str(error)) from error


def _check_writable(path: Path) -> None:
    """Fail before querying when the report could not be written (and create nothing)."""
    if not path.parent.is_dir():
        raise click.BadParameter(f"le dossier « {path.parent} » n'existe pas.", param_hint="--out")
    if path.is_dir():
        raise click.BadParameter(f"« {path} » est un dossier, pas un fichier.", param_hint="--out")
    try:  # an existing file is opened without truncating it; otherwise a temporary file is tried
        if path.exists():
            with path.open("a", encoding="utf-8"):
                pass
        else:
            with tempfile.TemporaryFile(dir=path.parent):
                pass
    except OSError as error:
        raise click.BadParameter(
            f"impossible d'écrire dans « {path} » ({error.strerror or type(error).__name__}).",
            param_hint="--out",
        ) from error


def _write(path: Path, text: str) -> None:
    """Write the whole report or nothing: a temporary file, renamed once complete."""
    temporary = path.with_name(f".{path.name}.garde-ia.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(
            f"impossible d'écrire le rapport dans « {path} » ({error.strerror or type(error).__name__})."
        ) from error
