"""The charter gate helper the proxy calls: acknowledged or not, new version asks again, the page."""

from proxy.charter.gate import CharterGate
from proxy.config.policy import build_policy
from proxy.storage import UsageLog
from proxy.storage.acknowledgements import acknowledge


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_gate_opens_after_acknowledgement_and_a_new_version_asks_again() -> None:
    log = UsageLog.open()
    policy = build_policy({}, "test")
    clock = Clock()
    gate = CharterGate(
        policy, log.engine, "http://127.0.0.1:8799/", "dev-a", recheck_seconds=2, clock=clock
    )
    assert not gate.is_acknowledged()
    acknowledge(log.engine, "dev-a", "2026-03")
    assert not gate.is_acknowledged()  # negative answer cached for 2 s
    clock.now = 2.5
    assert gate.is_acknowledged()
    newer = build_policy({"charter": {"version": "2027-01"}}, "test")
    assert not CharterGate(newer, log.engine, "http://127.0.0.1:8799", "dev-a").is_acknowledged()
    assert not CharterGate(policy, log.engine, "http://127.0.0.1:8799", "dev-b").is_acknowledged()
    log.close()


def test_gate_page_and_api_message_are_french_and_link_to_the_local_page() -> None:
    log = UsageLog.open()
    gate = CharterGate(build_policy({}, "test"), log.engine, "http://127.0.0.1:8799/", "dev-a")
    page = gate.page_html("ChatGPT")
    assert 'href="http://127.0.0.1:8799/charte"' in page
    assert "avant d'utiliser ChatGPT" in page and "version 2026-03" in page
    assert "Protection des données" in page
    assert gate.api_message().endswith("http://127.0.0.1:8799/charte")
    log.close()
