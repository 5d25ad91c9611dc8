import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxy.config.policy import build_policy, load_policy
from proxy.report.queries import build_report
from proxy.report.render_csv import render_csv
from proxy.report.render_html import render_html
from proxy.report.render_text import render_text
from proxy.storage.acknowledgements import acknowledge
from proxy.storage.incidents import IncidentDraft, report_incident
from proxy.storage.outbox import Outbox
from proxy.storage.sightings import SightingKey
from proxy.storage.usage_log import UsageLog
from tests.support.csv_rows import csv_rows
from tests.support.records import make_record

NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)


def seed(log: UsageLog) -> None:
    day = timedelta(days=1)
    log.record_many(
        [
            *[
                make_record(
                    tool_id="le_chat",
                    action="allow",
                    occurred_at=NOW - i * day,
                    device_id=f"d{i % 3}",
                )
                for i in range(1, 11)
            ],
            make_record(tool_id="le_chat", action="pseudonymize", occurred_at=NOW - 2 * day),
            make_record(
                tool_id="chatgpt",
                action="block",
                categories=("health",),
                rule_ids=("donnees-sensibles",),
                model=None,
                occurred_at=NOW - 3 * day,
            ),
            make_record(
                tool_id="chatgpt",
                action="block",
                categories=("health",),
                rule_ids=("donnees-sensibles",),
                occurred_at=NOW - 20 * day,
            ),
            make_record(
                tool_id="chatgpt",
                action="allow",
                model="modele-inconnu",
                provider="openai",
                occurred_at=NOW - 4 * day,
            ),
            make_record(
                tool_id="chatgpt", action="allow", occurred_at=NOW - 60 * day
            ),  # before the period
        ]
    )
    log.record_sightings({SightingKey.at(NOW - day, "new-ai.example"): 1})
    acknowledge(log.engine, "d1", "2026-03")
    report_incident(
        log.engine,
        IncidentDraft(
            facts="Fiche d'un jeune collée dans un outil",
            reporter_id="d1",
            discovered_at=NOW - day,
            data_categories=("santé",),
            approx_people=1,
            minors_involved=True,
        ),
    )


@pytest.fixture
def log(db_url: str, tmp_path: Path) -> Iterator[UsageLog]:
    usage_log = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    seed(usage_log)
    yield usage_log
    usage_log.close()


def test_report_aggregates_tools_actions_statuses_and_footprint(log: UsageLog) -> None:
    report = build_report(log.engine, load_policy(), SINCE, NOW)
    tools = {t.tool_id: t for t in report.tools}
    assert (tools["le_chat"].allowed, tools["le_chat"].pseudonymized, tools["le_chat"].blocked) == (
        10,
        1,
        0,
    )
    assert (tools["chatgpt"].allowed, tools["chatgpt"].blocked) == (1, 2)
    assert tools["le_chat"].status == "approved" and tools["chatgpt"].status == "tolerated"
    assert tools["le_chat"].name == "Le Chat"  # from the tool catalog
    assert tools["le_chat"].estimated == 11 and tools["le_chat"].energy_kwh > 0
    assert tools["chatgpt"].estimated == 0 and tools["chatgpt"].unestimated == 1  # unknown model
    assert sum(w.requests for w in report.weeks) == report.total_requests == 14
    assert report.blocks_by_category() == [("santé", 2)]
    assert [(s.name, s.hosts, s.sightings, s.devices) for s in report.sightings] == [
        ("new-ai.example", ("new-ai.example",), 1, None)
    ]
    assert (
        report.acknowledgements.acknowledged,
        report.acknowledgements.active_not_acknowledged,
    ) == (1, 3)
    assert [i.draft.approx_people for i in report.open_incidents] == [1]
    assert report.people is None  # aggregated unless the policy enables per-person detail


def test_per_person_detail_only_when_the_policy_enables_it(log: UsageLog) -> None:
    policy = build_policy({"report": {"per_person": True}}, "test")
    report = build_report(log.engine, policy, SINCE, NOW)
    assert report.people is not None
    assert {p.device_id for p in report.people} >= {"d0", "d1", "d2", "appareil-1"}
    assert "d1" in render_html(report) and "d1" not in render_html(
        build_report(log.engine, load_policy(), SINCE, NOW)
    )


def test_renderings_show_the_same_figures(log: UsageLog) -> None:
    report = build_report(log.engine, load_policy(), SINCE, NOW)
    text = render_text(report)
    assert "Le Chat" in text and "approuvé" in text and "modèle inconnu" in text and "santé" in text
    rows = csv_rows(render_csv(report))
    chatgpt = next(t.name for t in report.tools if t.tool_id == "chatgpt")
    blocked = [
        r
        for r in rows
        if r["rubrique"] == "requêtes" and r["action"] == "bloqué" and r["outil"] == chatgpt
    ]
    assert blocked[0]["valeur"] == "2"
    assert any(
        r["rubrique"] == "empreinte" and r["unité"] == "kWh" and r["outil"] == "Le Chat"
        for r in rows
    )


def test_html_report_is_self_contained_french_and_phone_ready(log: UsageLog) -> None:
    html = render_html(build_report(log.engine, load_policy(), SINCE, NOW))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert 'name="viewport"' in html
    # actions and tools over time, approved vs shadow AI, blocks by rule and by category,
    # acknowledgements: each drawn at a desktop and at a phone width
    assert html.count('<div class="wide"><svg') == html.count('<div class="narrow"><svg') == 6
    assert "Blocages par règle de la charte" in html and "Ce que dit la charte" in html
    assert "Appareils ayant accepté la version" in html
    assert not re.search(r"<script|<link|<img|src=|@import|url\(", html)
    assert "IA fantôme" in html and "Blocages par catégorie" in html
    assert (
        "Fiche d'un jeune" not in html
    )  # incident facts stay in the register, not in the board's report


def test_empty_database_gives_an_empty_report_that_says_so(db_url: str, tmp_path: Path) -> None:
    empty = UsageLog.open(db_url, Outbox(tmp_path / "o.sqlite3"))
    report = build_report(empty.engine, load_policy(), SINCE, NOW)
    assert report.is_empty
    assert "Aucune activité" in render_text(report) and "Aucune activité" in render_html(report)
    assert (
        render_csv(report).splitlines()[0]
        == "\ufeffrubrique;outil;statut;semaine;action;élément;valeur;unité"
    )
    assert render_csv(report, "rfc4180").splitlines()[0].startswith("rubrique,outil,")
    empty.close()
