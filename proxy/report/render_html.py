"""The report as one self-contained HTML file for the board: French, charts first, phone-friendly.

Inline CSS and inline SVG only: no script, no external resource, so it opens offline and can be
sent by e-mail.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from html import escape

from proxy.report import tables
from proxy.report.charts import PALETTE, Series, horizontal_bars, stacked_columns
from proxy.report.formatting import day, duration, number
from proxy.report.model import STATUS_LABELS, UsageReport
from proxy.report.render_text import EMPTY_MESSAGE, pauses_sentence
from proxy.report.tables import Table

MAX_TOOLS_IN_CHART = 6
STATUS_COLORS = {
    "approved": "#3a9d5d",
    "tolerated": "#e0a339",
    "forbidden": "#b8433f",
    "unknown": "#5f6b73",
}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2327;background:#f6f7f7}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin-top:2rem;border-bottom:2px solid #1b6ca8}
.meta{color:#50575e}.card{background:#fff;border-radius:8px;padding:1rem;margin:1rem 0;box-shadow:0 1px 2px #0002}
.figures{display:flex;flex-wrap:wrap;gap:.75rem}.figure{flex:1 1 9rem;background:#fff;border-radius:8px;padding:.75rem;
box-shadow:0 1px 2px #0002}.figure b{display:block;font-size:1.6rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
th,td{padding:.4rem .5rem;border-bottom:1px solid #dcdcde;text-align:left;vertical-align:top}
th{background:#eef3f8}td.n{text-align:right;white-space:nowrap}.empty{font-style:italic;color:#50575e}
"""


def render_html(report: UsageReport) -> str:
    """The whole report as an HTML document."""
    sections = [_summary(report), _charts(report), _tables(report)]
    title = f"Rapport d'usage de l'IA générative — {report.organisation or 'votre association'}"
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="meta">Du {day(report.since)} au {day(report.generated_at)} — charte « '
        f"{escape(report.charter_title)} », version {escape(report.charter_version)}. Chiffres agrégés : "
        "aucun contenu de conversation n'est enregistré.</p>"
        + "".join(sections)
        + "</main></body></html>\n"
    )


def _figure(value: str, label: str) -> str:
    return f'<div class="figure"><b>{value}</b>{escape(label)}</div>'


def _summary(report: UsageReport) -> str:
    if report.is_empty:
        return f'<p class="card empty">{escape(EMPTY_MESSAGE)}</p>'
    blocked = sum(t.blocked for t in report.tools)
    pseudonymized = sum(t.pseudonymized for t in report.tools)
    return (
        '<div class="figures">'
        + "".join(
            [
                _figure(number(report.total_requests), "requêtes vers des outils d'IA"),
                _figure(number(pseudonymized), "pseudonymisées avant envoi"),
                _figure(number(blocked), "bloquées (charte)"),
                _figure(number(len(report.sightings)), "hôtes IA non catalogués"),
                _figure(number(len(report.open_incidents)), "incidents ouverts"),
                _figure(duration(report.pauses.paused), "de protection en pause"),
            ]
        )
        + "</div>"
    )


def _charts(report: UsageReport) -> str:
    if report.is_empty:
        return ""
    return (
        '<h2>Outils utilisés au fil des semaines</h2><div class="card">'
        + _tools_over_time(report)
        + "</div>"
        '<h2>IA approuvée ou « IA fantôme »</h2><div class="card">'
        + _approved_vs_shadow(report)
        + "</div>"
        '<h2>Blocages par catégorie de données</h2><div class="card">' + _blocks(report) + "</div>"
    )


def _tools_over_time(report: UsageReport) -> str:
    weeks = sorted({line.week_start for line in report.weeks})
    if not weeks:
        return '<p class="empty">Aucune requête.</p>'
    all_weeks = [weeks[0] + timedelta(weeks=i) for i in range((weeks[-1] - weeks[0]).days // 7 + 1)]
    shown = [t.tool_id for t in report.tools[:MAX_TOOLS_IN_CHART]]
    counts: dict[str, dict[object, int]] = defaultdict(lambda: defaultdict(int))
    for line in report.weeks:
        counts[line.tool_id if line.tool_id in shown else "autres"][line.week_start] += (
            line.requests
        )
    names = {t.tool_id: t.name for t in report.tools}
    keys = shown + (["autres"] if "autres" in counts else [])
    series = [
        Series(
            names.get(k, "Autres outils"),
            tuple(counts[k][w] for w in all_weeks),
            PALETTE[i % len(PALETTE)],
        )
        for i, k in enumerate(keys)
    ]
    return stacked_columns(
        "Requêtes par semaine et par outil", [w.strftime("%d/%m") for w in all_weeks], series
    )


def _approved_vs_shadow(report: UsageReport) -> str:
    by_status = report.requests_by_status()
    items = [(f"Outils {STATUS_LABELS[s]}s", by_status[s], STATUS_COLORS[s]) for s in STATUS_LABELS]
    items.append(
        (
            "Hôtes non catalogués",
            sum(s.sightings for s in report.sightings),
            STATUS_COLORS["unknown"],
        )
    )
    note = (
        '<p class="meta">« IA fantôme » : outils tolérés ou interdits par la charte, et hôtes d\'IA que '
        "le catalogue ne connaît pas encore.</p>"
    )
    return horizontal_bars("Requêtes selon le statut de l'outil", items) + note


def _blocks(report: UsageReport) -> str:
    items = [(label, count, "#b8433f") for label, count in report.blocks_by_category()]
    if not items:
        return '<p class="empty">Aucun blocage lié à une catégorie sensible sur la période.</p>'
    return horizontal_bars("Requêtes bloquées par catégorie sensible", items)


def _table(content: Table, numeric: Sequence[int] = ()) -> str:
    if not content.rows:
        return '<p class="empty">Aucun.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in content.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i in numeric else ''}>{escape(c)}</td>" for i, c in enumerate(row)
        )
        + "</tr>"
        for row in content.rows
    )
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _pauses_by_device(report: UsageReport) -> list[str]:
    if not report.pauses.by_device:
        return []
    return [
        "<p>Détail par appareil (activé par la politique de l'association) :</p>",
        _table(tables.pauses_by_device(report), numeric=(1, 2)),
    ]


def _tables(report: UsageReport) -> str:
    acks = report.acknowledgements
    parts = [
        "<h2>Outils et empreinte environnementale</h2>",
        _table(
            tables.tools(report, footprint_header="Empreinte estimée (ecologits)"),
            numeric=(2, 3, 4, 5),
        ),
        "<h2>Données sensibles et règles de la charte</h2>",
        _table(tables.tags(report), numeric=(3,)),
        "<h2>Hôtes d'IA non catalogués</h2>",
        _table(tables.sightings(report), numeric=(1,)),
        "<h2>Prise de connaissance de la charte</h2>",
        f'<p class="card">{number(acks.acknowledged)} appareil(s) ont accepté la version '
        f"{escape(acks.charter_version)} ; {number(acks.active_not_acknowledged)} appareil(s) actif(s) sur la "
        "période ne l'ont pas encore acceptée.</p>",
        "<h2>Pauses de la protection</h2>",
        f'<p class="card">{escape(pauses_sentence(report))}</p>',
        *_pauses_by_device(report),
        "<h2>Incidents ouverts (registre des violations)</h2>",
        _table(tables.incidents(report)),
    ]
    if report.people is not None:
        parts += [
            "<h2>Détail par appareil (activé par la politique de l'association)</h2>",
            _table(tables.people(report), numeric=(1, 2, 3)),
        ]
    return "".join(parts)
