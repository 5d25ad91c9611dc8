"""The policy file: defaults, overrides, and clear errors naming the file and the field."""

from pathlib import Path

import pytest

from anonymizer import PolicyError
from anonymizer.policy import build_detection_policy, load_detection_policy


def test_defaults_follow_the_charter() -> None:
    policy = load_detection_policy()
    assert {c: s.action for c, s in policy.categories.items()} == {
        "health": "block",
        "social": "block",
        "hr": "block",
        "opinion": "block",
        "sexuality": "block",
        "justice": "block",
        "minor": "block",
    }
    assert policy.categories["minor"].rule == "mineurs"
    assert policy.identifiers.action_for("PERSONNE") == "pseudonymize"


def test_organisation_overrides_only_what_it_writes(tmp_path: Path) -> None:
    path = tmp_path / "politique.toml"
    path.write_text(
        '[categories.hr]\naction = "pseudonymize"\n[identifiers.actions]\nNIR = "block"\n',
        encoding="utf-8",
    )
    policy = load_detection_policy(path)
    assert policy.categories["hr"].action == "pseudonymize"
    assert policy.categories["hr"].label == "données RH"
    assert policy.identifiers.action_for("NIR") == "block"
    assert policy.categories["health"].action == "block"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[categories.health]\naction = "maybe"\n', "categories.health.action"),
        ('[categories.social]\nrule = "inexistante"\n', "règle inconnue : inexistante"),
        ("[detection]\nscore_threshold = 2\n", "detection.score_threshold"),
        ("[detection]\nunknown_option = 1\n", "detection.unknown_option"),
        ('[categories.politics]\naction = "block"\n', "categories.politics"),
        ("[categories.health\n", "TOML invalide"),
    ],
)
def test_invalid_policy_is_an_error_naming_file_and_field(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "politique.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_detection_policy(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="fichier introuvable"):
        load_detection_policy(tmp_path / "absent.toml")


def test_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[charter]\ntitle = "Charte élaborée"\n'.encode("latin-1"))
    with pytest.raises(PolicyError):
        load_detection_policy(path)


def test_extra_terms_must_name_a_known_category() -> None:
    with pytest.raises(PolicyError, match="extra_terms"):
        build_detection_policy({"detection": {"extra_terms": {"astrologie": ["bélier"]}}}, "test")
