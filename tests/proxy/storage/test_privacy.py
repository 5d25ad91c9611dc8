"""Known personal data goes through the whole pipeline (guard -> usage record -> writer -> outbox ->
database -> report); then the database files, the PostgreSQL dump, the outbox and every log line are
searched for it, and for its usual hashes."""

import hashlib
import logging
from pathlib import Path

import pytest

from anonymizer import Guard, Vault, build_guard
from proxy.config.policy import load_policy
from proxy.report.period import parse_since
from proxy.report.queries import build_report
from proxy.report.render_csv import render_csv
from proxy.report.render_html import render_html
from proxy.storage.engine import make_engine
from proxy.storage.outbox import Outbox
from proxy.storage.usage_log import UsageLog, count_events
from proxy.storage.writer import BackgroundWriter
from proxy.usage.events import UsageRecord, utc_now

SECRETS = [
    "Josiane",
    "Vercoutre",
    "06 12 34 56 78",
    "0612345678",
    "josiane.vercoutre@example.org",
    "FR76 3000 6000 0112 3456 7890 189",
    "diabète",
    "Kévin Lemaire",
]
TEXTS = [
    "Peux-tu rédiger un courrier pour Mme Josiane Vercoutre, joignable au 06 12 34 56 78 ou à "
    "josiane.vercoutre@example.org ?",
    "Mme Josiane Vercoutre est suivie pour un diabète, son IBAN est FR76 3000 6000 0112 3456 7890 189.",
    "Kévin Lemaire, 12 ans, a besoin d'aide pour ses devoirs.",
]


def forms(secret: str) -> list[bytes]:
    raw = secret.encode()
    found = [raw, secret.lower().encode(), secret.encode("utf-16-le")]
    for algorithm in ("md5", "sha1", "sha256"):
        for value in {secret, secret.lower()}:
            digest = hashlib.new(algorithm, value.encode())
            found += [digest.hexdigest().encode(), digest.digest()]
    return found


def assert_nothing_personal(data: bytes, where: str) -> None:
    for secret in SECRETS:
        for form in forms(secret):
            assert form not in data, f"{secret!r} (ou son empreinte) trouvé dans {where}"


@pytest.fixture(scope="module")
def guard() -> Guard:
    return build_guard(load_policy().detection_policy)


@pytest.mark.spacy_model
def test_no_personal_data_anywhere(
    db_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
    guard: Guard,
) -> None:
    policy = load_policy()
    vault = Vault()
    caplog.set_level(logging.DEBUG)
    # Known gap, reported to the anonymizer/CLI owners: presidio-analyzer's context enhancer logs the
    # words around a finding at DEBUG ("Context list is: ..."), so ``garde-ia -vv`` must keep that
    # third-party logger at INFO. Everything else is searched at DEBUG.
    caplog.set_level(logging.INFO, logger="presidio-analyzer")
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    log = UsageLog.open(db_url, outbox)
    down = UsageLog(make_engine(f"sqlite:///{tmp_path / 'absent' / 'x.sqlite3'}"), outbox)
    writer = BackgroundWriter(log).start()
    decisions = [guard.check(text, vault) for text in TEXTS]
    assert {d.action for d in decisions} >= {
        "pseudonymize",
        "block",
    }  # the pipeline really saw them
    for index, decision in enumerate(decisions):
        record = UsageRecord(
            tool_id="le_chat",
            host="chat.mistral.ai",
            endpoint_kind="prompt",
            action=decision.action,
            rule_ids=tuple(reason.rule for reason in decision.reasons),
            categories=decision.categories,
            entity_counts=decision.entity_counts or decision.count(decision.findings),
            request_bytes=len(TEXTS[index].encode()),
            model="mistral-large-latest",
            provider="mistralai",
            output_chars=800,
            duration_ms=3000,
            device_id="appareil-1",
        )
        writer.submit(record)
        down.record(record)  # the outbox path too
    writer.close()
    assert outbox.pending() == len(TEXTS)
    assert_nothing_personal(Path(outbox.path).read_bytes(), "l'outbox")
    log.drain_outbox()
    assert count_events(log.engine) == len(TEXTS)

    report = build_report(log.engine, policy, parse_since("7d", utc_now()))
    assert report.total_requests == len(TEXTS)
    assert_nothing_personal(render_html(report).encode(), "le rapport HTML")
    assert_nothing_personal(render_csv(report).encode(), "le rapport CSV")
    log.close()
    down.close()

    if db_url.startswith("sqlite"):
        database = Path(db_url.removeprefix("sqlite:///"))
        for path in [database, *database.parent.glob(database.name + "-*")]:
            assert_nothing_personal(path.read_bytes(), path.name)
    else:
        server = request.getfixturevalue("postgres_server")
        dump = server.dump(db_url.rsplit("/", 1)[1])
        assert "usage_events" in dump and "le_chat" in dump
        assert_nothing_personal(dump.encode(), "la sauvegarde PostgreSQL")
    assert caplog.records, "the pipeline logged nothing: the log search would prove nothing"
    assert_nothing_personal(caplog.text.encode(), "les journaux")
