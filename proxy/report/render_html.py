"""The report as one self-contained HTML file for the board: French, charts first, phone-friendly.

Inline CSS and inline SVG only: no script, no external resource, so it opens offline and can be
sent by e-mail.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial
from html import escape

from proxy.report import tables
from proxy.report.charts import PALETTE, Series, horizontal_bars, responsive, stacked_columns
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
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
th,td{padding:.4rem .5rem;border-bottom:1px solid #dcdcde;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eef3f8}td.n{text-align:right;white-space:nowrap}.empty{font-style:italic;color:#50575e}
.narrow{display:none}q{font-style:italic}
@media (max-width:44rem){main{padding:.75rem}.card{padding:.75rem}.wide{display:none}
.narrow{display:block;max-width:30rem}
table,tbody,tr,td{display:block;width:auto}thead{position:absolute;left:-9999px;top:auto}
tr{border-bottom:2px solid #dcdcde;padding:.25rem 0}td{border:0;padding:.2rem .5rem}td.n{text-align:left}
td::before{content:attr(data-label) " : ";font-weight:600}}
@media print{.narrow{display:none}.wide{display:block}.card{box-shadow:none;border:1px solid #dcdcde}
h2{break-after:avoid}}
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
                _figure(
                    number(len({s.name for s in report.sightings})), "outils d'IA hors catalogue"
                ),
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
        '<h2>Ce que garde-ia a fait, semaine après semaine</h2><div class="card">'
        + _actions_over_time(report)
        + "</div>"
        '<h2>Outils utilisés au fil des semaines</h2><div class="card">'
        + _tools_over_time(report)
        + "</div>"
        '<h2>IA approuvée ou « IA fantôme »</h2><div class="card">'
        + _approved_vs_shadow(report)
        + "</div>"
        '<h2>Blocages par règle de la charte</h2><div class="card">'
        + _blocks_by_rule(report)
        + "</div>"
        '<h2>Blocages par catégorie de données</h2><div class="card">' + _blocks(report) + "</div>"
        '<h2>Charte acceptée sur les appareils</h2><div class="card">'
        + _acknowledgements_over_time(report)
        + "</div>"
    )


ACTION_COLORS = {"allowed": "#3a9d5d", "pseudonymized": "#1b6ca8", "blocked": "#b8433f"}


def _week_labels(weeks: Sequence[date]) -> list[str]:
    return [w.strftime("%d/%m") for w in weeks]


def _actions_over_time(report: UsageReport) -> str:
    weeks = report.action_weeks
    if not weeks:
        return '<p class="empty">Aucune requête.</p>'
    series = [
        Series(
            "Envoyées telles quelles", tuple(w.allowed for w in weeks), ACTION_COLORS["allowed"]
        ),
        Series(
            "Pseudonymisées", tuple(w.pseudonymized for w in weeks), ACTION_COLORS["pseudonymized"]
        ),
        Series("Bloquées", tuple(w.blocked for w in weeks), ACTION_COLORS["blocked"]),
    ]
    title = "Requêtes par semaine : envoyées, pseudonymisées, bloquées"
    labels = _week_labels([w.week_start for w in weeks])
    return responsive(partial(stacked_columns, title, labels, series)) + _trend(report)


def _trend(report: UsageReport) -> str:
    """Blocks of the last four weeks against the four before, in words."""
    weeks = report.action_weeks
    if len(weeks) < 2:
        return ""
    half = min(4, len(weeks) // 2)
    recent = sum(w.blocked for w in weeks[-half:])
    before = sum(w.blocked for w in weeks[-2 * half : -half])
    change = "plus" if recent > before else "moins" if recent < before else "autant"
    return (
        f'<p class="meta">{number(recent)} blocage(s) sur les {half} dernières semaines contre '
        f"{number(before)} les {half} semaines d'avant : {change} de blocages.</p>"
    )


def _blocks_by_rule(report: UsageReport) -> str:
    lines = report.blocks_by_rule()
    if not lines:
        return '<p class="empty">Aucun blocage sur la période.</p>'
    chart = responsive(
        partial(
            horizontal_bars,
            "Requêtes bloquées par règle",
            [(t.label, t.requests, "#b8433f") for t in lines],
        )
    )
    words = "".join(
        f"<li><b>{escape(t.label)}</b> ({number(t.requests)}) : <q>{escape(t.words)}</q></li>"
        for t in lines
        if t.words
    )
    return chart + (f"<p>Ce que dit la charte :</p><ul>{words}</ul>" if words else "")


def _acknowledgements_over_time(report: UsageReport) -> str:
    acks = report.acknowledgements
    sentence = (
        f"<p>{number(acks.acknowledged)} appareil(s) ont accepté la version {escape(acks.charter_version)} ; "
        f"{number(acks.active_not_acknowledged)} appareil(s) actif(s) sur la période ne l'ont pas encore acceptée.</p>"
    )
    weeks = report.acknowledgement_weeks
    if not weeks:
        return sentence
    series = [Series("Appareils ayant accepté", tuple(w.devices for w in weeks), "#3a9d5d")]
    title = f"Appareils ayant accepté la version {acks.charter_version}, fin de chaque semaine"
    labels = _week_labels([w.week_start for w in weeks])
    return sentence + responsive(partial(stacked_columns, title, labels, series))


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
    title, labels = "Requêtes par semaine et par outil", _week_labels(all_weeks)
    return responsive(partial(stacked_columns, title, labels, series))


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
    return responsive(partial(horizontal_bars, "Requêtes selon le statut de l'outil", items)) + note


def _blocks(report: UsageReport) -> str:
    items = [(label, count, "#b8433f") for label, count in report.blocks_by_category()]
    if not items:
        return '<p class="empty">Aucun blocage lié à une catégorie sensible sur la période.</p>'
    return responsive(partial(horizontal_bars, "Requêtes bloquées par catégorie sensible", items))


def _table(content: Table, numeric: Sequence[int] = ()) -> str:
    if not content.rows:
        return '<p class="empty">Aucun.</p>'
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in content.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td{" class=n" if i in numeric else ""} data-label="{escape(content.headers[i])}">{escape(c)}</td>'
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in content.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pauses_by_device(report: UsageReport) -> list[str]:
    if not report.pauses.by_device:
        return []
    return [
        "<p>Détail par appareil (activé par la politique de l'association) :</p>",
        _table(tables.pauses_by_device(report), numeric=(1, 2)),
    ]


def _tables(report: UsageReport) -> str:
    parts = [
        "<h2>Outils et empreinte environnementale</h2>",
        _table(
            tables.tools(report, footprint_header="Empreinte estimée (ecologits)"),
            numeric=(2, 3, 4, 5, 6, 7),
        ),
        "<h2>Données sensibles et règles de la charte</h2>",
        _table(tables.tags(report), numeric=(3,)),
        "<h2>Outils d'IA hors catalogue (IA fantôme)</h2>",
        _table(tables.sightings(report), numeric=(3, 4)),
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
