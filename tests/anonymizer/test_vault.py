import copy
import pickle
import threading
import unicodedata

import pytest

from anonymizer.errors import AnonymizerError
from anonymizer.vault import Vault, VaultFullError, VaultStore, normalized_key


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_placeholders_are_typed_and_counted_per_type() -> None:
    vault = Vault()
    assert vault.placeholder_for("PERSONNE", "Jean Dupont") == "[PERSONNE_1]"
    assert vault.placeholder_for("EMAIL", "jean@exemple.fr") == "[EMAIL_1]"
    assert vault.placeholder_for("PERSONNE", "Marie Curie") == "[PERSONNE_2]"
    assert vault.placeholder_for("ADRESSE_IP", "10.0.0.1") == "[ADRESSE_IP_1]"
    assert vault.placeholders == {"[PERSONNE_1]", "[EMAIL_1]", "[PERSONNE_2]", "[ADRESSE_IP_1]"}
    assert vault.longest_placeholder == len("[ADRESSE_IP_1]")
    assert len(vault) == 4


def test_value_for_returns_issued_values_only() -> None:
    vault = Vault()
    vault.placeholder_for("PERSONNE", "Hélène Léger")
    assert vault.value_for("[PERSONNE_1]") == "Hélène Léger"
    assert vault.value_for("[PERSONNE_2]") is None
    assert vault.value_for("[EMAIL_1]") is None
    assert vault.value_for("PERSONNE_1") is None


def test_empty_vault() -> None:
    vault = Vault()
    assert vault.placeholders == frozenset()
    assert vault.longest_placeholder == 0
    assert len(vault) == 0


@pytest.mark.parametrize(
    ("entity_type", "first", "second"),
    [
        ("PERSONNE", "Jean Dupont", "jean  DUPONT"),
        ("PERSONNE", "Jean\nDupont", " Jean Dupont "),
        (
            "PERSONNE",
            unicodedata.normalize("NFC", "Hélène"),
            unicodedata.normalize("NFD", "Hélène"),
        ),
        ("EMAIL", "Jean.Dupont@Exemple.fr", "jean.dupont@exemple.fr"),
        ("TELEPHONE", "06 12 34 56 78", "0612345678"),
        ("TELEPHONE", "06.12.34.56.78", "+33 6 12 34 56 78"),
        ("TELEPHONE", "0033612345678", "06-12-34-56-78"),
        ("IBAN", "FR76 3000 6000 0112 3456 7890 189", "fr7630006000011234567890189"),
        ("NIR", "1 85 05 78 006 084 36", "185057800608436"),
        ("PLAQUE", "AB-123-CD", "ab 123 cd"),
    ],
)
def test_same_value_keeps_its_placeholder(entity_type: str, first: str, second: str) -> None:
    vault = Vault()
    placeholder = vault.placeholder_for(entity_type, first)
    assert vault.placeholder_for(entity_type, second) == placeholder
    assert vault.value_for(placeholder) == first  # the first spelling is the one restored
    assert len(vault) == 1


@pytest.mark.parametrize(
    ("entity_type", "first", "second"),
    [
        ("PERSONNE", "Hélène", "Helene"),
        ("TELEPHONE", "06 12 34 56 78", "06 12 34 56 79"),
        ("ADRESSE_IP", "192.168.1.1", "19.216.81.1"),  # same digits, another address
        ("DATE_NAISSANCE", "1/12/1990", "11/2/1990"),
        ("NIR", "1 85 05", "---"),
    ],
)
def test_different_values_get_different_placeholders(
    entity_type: str, first: str, second: str
) -> None:
    vault = Vault()
    assert vault.placeholder_for(entity_type, first) != vault.placeholder_for(entity_type, second)


def test_same_value_under_two_types_gets_two_placeholders() -> None:
    vault = Vault()
    assert vault.placeholder_for("PERSONNE", "Lyon") == "[PERSONNE_1]"
    assert vault.placeholder_for("ADRESSE", "Lyon") == "[ADRESSE_1]"


def test_normalized_key_is_per_kind() -> None:
    assert normalized_key("TELEPHONE", "06 12 34 56 78") == normalized_key(
        "TELEPHONE", "+33612345678"
    )
    assert normalized_key("PERSONNE", "06 12") != normalized_key("PERSONNE", "0612")


@pytest.mark.parametrize("entity_type", ["personne", "", "PERSONNE]", "[PERSONNE", "_X", "A" * 41])
def test_invalid_entity_type_is_refused(entity_type: str) -> None:
    with pytest.raises(ValueError):
        Vault().placeholder_for(entity_type, "Jean")


def test_full_vault_raises_so_the_caller_blocks() -> None:
    vault = Vault(max_values=2)
    vault.placeholder_for("PERSONNE", "Jean")
    vault.placeholder_for("EMAIL", "jean@exemple.fr")
    with pytest.raises(VaultFullError) as caught:
        vault.placeholder_for("PERSONNE", "Marie")
    assert isinstance(caught.value, AnonymizerError)
    assert "limite" in str(caught.value)
    assert "Marie" not in str(caught.value)
    # Known values still get their placeholder; nothing was issued for the refused one.
    assert vault.placeholder_for("PERSONNE", "jean") == "[PERSONNE_1]"
    assert vault.placeholders == {"[PERSONNE_1]", "[EMAIL_1]"}


def test_max_values_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Vault(max_values=0)


def test_reserved_literals_are_skipped_and_never_restored() -> None:
    vault = Vault()
    vault.reserve_literals("Écrivez [PERSONNE_1] et [PERSONNE_2], pas [personne_3] ni [EMAIL_0].")
    assert vault.placeholder_for("PERSONNE", "Jean") == "[PERSONNE_3]"
    assert vault.placeholder_for("EMAIL", "a@b.fr") == "[EMAIL_1]"
    assert vault.value_for("[PERSONNE_1]") is None
    assert vault.placeholders == {"[PERSONNE_3]", "[EMAIL_1]"}


def test_reserving_an_issued_placeholder_keeps_it() -> None:
    vault = Vault()
    vault.placeholder_for("PERSONNE", "Jean")
    vault.reserve_literals("[PERSONNE_1]")
    assert vault.value_for("[PERSONNE_1]") == "Jean"
    assert vault.placeholder_for("PERSONNE", "Marie") == "[PERSONNE_2]"


def test_reserved_literals_count_towards_the_bound() -> None:
    vault = Vault(max_values=2)
    vault.reserve_literals("[PERSONNE_1] [PERSONNE_1] [PERSONNE_2]")
    with pytest.raises(VaultFullError):
        vault.placeholder_for("PERSONNE", "Jean")


def test_vault_never_shows_its_values() -> None:
    vault = Vault()
    vault.placeholder_for("PERSONNE", "Jean Dupont")
    for text in (repr(vault), str(vault), f"{vault}", repr([vault])):
        assert "Jean" not in text
        assert "PERSONNE_1" not in text


@pytest.mark.parametrize("duplicate", [pickle.dumps, copy.copy, copy.deepcopy])
def test_vault_cannot_be_pickled_or_copied(duplicate: object) -> None:
    vault = Vault()
    vault.placeholder_for("PERSONNE", "Jean Dupont")
    with pytest.raises(TypeError):
        duplicate(vault)  # type: ignore[operator]


def test_store_returns_the_same_vault_for_a_conversation() -> None:
    store = VaultStore(ttl_seconds=60, max_conversations=10)
    first = store.get("chatgpt:conv-1")
    assert store.get("chatgpt:conv-1") is first
    assert store.get("chatgpt:conv-2") is not first
    assert len(store) == 2


def test_store_expires_idle_vaults() -> None:
    clock = FakeClock()
    store = VaultStore(ttl_seconds=60, max_conversations=10, clock=clock)
    vault = store.get("a")
    vault.placeholder_for("PERSONNE", "Jean")
    clock.now += 59.9
    assert store.get("a") is vault  # used again: its idle time starts over
    clock.now += 59.9
    assert store.get("a") is vault
    clock.now += 60
    fresh = store.get("a")
    assert fresh is not vault
    assert fresh.value_for("[PERSONNE_1]") is None


def test_expire_forgets_idle_vaults_without_a_request() -> None:
    clock = FakeClock()
    store = VaultStore(ttl_seconds=10, max_conversations=10, clock=clock)
    store.get("old")
    clock.now += 6
    store.get("recent")
    clock.now += 5
    assert store.expire() == 1
    assert len(store) == 1
    clock.now += 5
    assert store.expire() == 1
    assert len(store) == 0


def test_store_drops_the_least_recently_used_vault() -> None:
    store = VaultStore(ttl_seconds=60, max_conversations=2)
    a = store.get("a")
    b = store.get("b")
    assert store.get("a") is a  # "b" is now the least recently used
    store.get("c")
    assert len(store) == 2
    assert store.get("a") is a
    assert store.get("b") is not b


def test_store_gives_vaults_its_bound() -> None:
    vault = VaultStore(ttl_seconds=60, max_conversations=2, max_values_per_vault=1).get("a")
    vault.placeholder_for("PERSONNE", "Jean")
    with pytest.raises(VaultFullError):
        vault.placeholder_for("PERSONNE", "Marie")


def test_store_clear() -> None:
    store = VaultStore(ttl_seconds=60, max_conversations=2)
    vault = store.get("a")
    store.clear()
    assert len(store) == 0
    assert store.get("a") is not vault


@pytest.mark.parametrize(("ttl", "maximum"), [(0, 1), (-1, 1), (1, 0)])
def test_store_settings_are_checked(ttl: float, maximum: int) -> None:
    with pytest.raises(ValueError):
        VaultStore(ttl_seconds=ttl, max_conversations=maximum)


def test_store_is_thread_safe() -> None:
    store = VaultStore(ttl_seconds=60, max_conversations=1000)
    seen: list[list[Vault]] = [[] for _ in range(8)]
    barrier = threading.Barrier(8)

    def worker(index: int) -> None:
        barrier.wait()
        for round_ in range(200):
            seen[index].append(store.get(f"conv-{round_}"))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for round_ in range(200):
        assert len({id(vaults[round_]) for vaults in seen}) == 1
    assert len(store) == 200
