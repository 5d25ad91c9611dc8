"""Recent requests told in words (tool, moment to the second, what was found), and the typed moment."""

import html
import re
from datetime import datetime

import pytest

from proxy.web.report_form import form_moment
from tests.support.web import Running

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def _labels(page: str) -> list[str]:
    found = re.findall(r'<label for="recent-\d+">(.*?)</label>', page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", label)).split()) for label in found]


def test_recent_requests_of_one_minute_can_be_told_apart(busy: Running) -> None:
    with busy.client() as client:
        labels = _labels(client.get("/signaler").text)
        activity = html.unescape(client.get("/activite").text)
    assert len(labels) == 4 and len(set(labels)) == 4
    blocked = next(label for label in labels if "bloqué" in label)
    assert (
        "Le Chat : bloqué (nom de personne ; Pas de données sensibles sur une personne" in blocked
    )
    assert "santé" in blocked and "mineur·e identifié·e" in blocked
    assert any(
        "Le Chat : pseudonymisé (nom de personne × 2, numéro de téléphone)" in label
        for label in labels
    )
    assert any("ChatGPT : envoyé tel quel" in label for label in labels)
    assert re.search(r"\d\d/\d\d/\d{4} à \d\d:\d\d:\d\d — ", labels[0])
    for rule_id in ("donnees-sensibles", "mineurs)", "PERSONNE", "TELEPHONE"):
        assert rule_id not in activity and all(rule_id not in label for label in labels)
    assert "Pas de données sensibles sur une personne" in activity


def test_recent_requests_in_english(busy: Running) -> None:
    with busy.client(**ENGLISH) as client:
        labels = _labels(client.get("/signaler").text)
    assert any(
        "Le Chat: pseudonymized (person's name × 2, phone number)" in label for label in labels
    ), labels
    assert re.search(r"\d\d/\d\d/\d{4} at \d\d:\d\d:\d\d — ", labels[0])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("02/12/2026 14:30", "2026-12-02T14:30"),
        (" 2/12/2026 à 14h05 ", "2026-12-02T14:05"),
        ("2/12/2026 at 9:05", "2026-12-02T09:05"),
        ("2/12/2026 14h", "2026-12-02T14:00"),
        ("02/12/2026", "2026-12-02T00:00"),
        ("2026-12-02T14:30", "2026-12-02T14:30"),  # what a datetime-local field or a script sends
        ("31/02/2026 10:00", "31/02/2026 10:00"),  # no such day: refused by the validation
        ("hier", "hier"),
    ],
)
def test_the_typed_moment_is_read_day_first(typed: str, expected: str) -> None:
    assert form_moment(typed) == expected
    if expected[:4].isdigit():
        datetime.fromisoformat(expected)
