"""Everyday mistakes, tried as a volunteer or a referent would: the real command, a French line, an exit code.

Each case once printed a Python traceback or an English message. The commands run as real
processes; none of them may print "Traceback" or click's English "Error:".
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxy.cli.failures import EXIT_BUSY, EXIT_CONFIG, EXIT_ERROR, EXIT_USAGE
from tests.support.net import free_port

GARDE_IA = [sys.executable, "-m", "proxy"]

BROKEN_TOML = '[identifiers.actions\nNIR = "block"\n'
UNKNOWN_ACTION = '[identifiers.actions]\nNIR = "blok"\n'
UNKNOWN_KIND = '[identifiers.actions]\nNIRR = "block"\n'
UNKNOWN_SECTION = '[retention]\nusage_events_months = 6\n[outils]\nchatgpt = "approved"\n'

# Every command that reads the policy, with the arguments it needs to get that far.

POLICY_COMMANDS = [
    ["run", "--listen-port", str(free_port())],
    ["serve", "--port", "0"],
    ["charter", "show"],
    ["charter", "accept", "--yes"],
    ["scan"],
    ["report"],
    ["purge"],
    ["tray"],
]


def garde_ia(
    args: list[str], env: dict[str, str] | None = None, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GARDE_IA, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


def assert_french_failure(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == code, output
    assert "Traceback" not in output and "Error:" not in output, output
    assert "garde-ia : " in done.stderr, output
    for word in words:
        assert word in output, output


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


@pytest.mark.parametrize("command", POLICY_COMMANDS, ids=" ".join)
def test_broken_policy_file_is_named_in_french_by_every_command(
    command: list[str], tmp_path: Path
) -> None:
    policy = tmp_path / "politique.toml"
    policy.write_text(BROKEN_TOML, "utf-8")
    done = garde_ia([*command, "--policy", str(policy)], stdin="")
    assert_french_failure(done, EXIT_CONFIG, str(policy), "syntaxe TOML invalide ligne 1")


@pytest.mark.parametrize("command", POLICY_COMMANDS, ids=" ".join)
def test_policy_from_environment_is_checked_by_every_command(
    command: list[str], tmp_path: Path
) -> None:
    policy = tmp_path / "partage.toml"
    policy.write_text(UNKNOWN_ACTION, "utf-8")
    done = garde_ia(command, env={"GARDE_IA_POLICY_URL": f"file://{policy}"})
    assert_french_failure(
        done,
        EXIT_CONFIG,
        "identifiers.actions.NIR",
        "« blok » non reconnue",
        "'pseudonymize'",
        " ou 'block'",
    )
    assert "Input should be" not in done.stderr


def test_a_typo_in_an_identifier_kind_is_refused_not_ignored(tmp_path: Path) -> None:
    policy = tmp_path / "politique.toml"
    policy.write_text(UNKNOWN_KIND, "utf-8")
    done = garde_ia(["charter", "show", "--policy", str(policy)])
    assert_french_failure(
        done, EXIT_CONFIG, str(policy), "identifiers.actions", "NIRR", "types possibles", "NIR,"
    )


def test_an_unknown_section_is_refused_with_its_name(tmp_path: Path) -> None:
    policy = tmp_path / "politique.toml"
    policy.write_text(UNKNOWN_SECTION, "utf-8")
    done = garde_ia(["charter", "show", "--policy", str(policy)])
    assert_french_failure(done, EXIT_CONFIG, "clé « outils »", "clé inconnue")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("/nulle/part/politique.toml", ("/nulle/part/politique.toml", "fichier introuvable")),
        ("https://asso.example/politique.toml", ("ne télécharge pas", "file:///")),
    ],
)
def test_policy_url_that_cannot_be_used(value: str, words: tuple[str, ...]) -> None:
    done = garde_ia(["charter", "show"], env={"GARDE_IA_POLICY_URL": value})
    assert_french_failure(done, EXIT_CONFIG, *words)


def test_policy_option_naming_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    missing = garde_ia(["charter", "show", "--policy", str(tmp_path / "absent.toml")])
    assert_french_failure(missing, EXIT_CONFIG, "absent.toml", "fichier introuvable")
    folder = garde_ia(["run", "--listen-port", str(free_port()), "--policy", str(tmp_path)])
    assert_french_failure(folder, EXIT_CONFIG, "c'est un dossier")


HOME_COMMANDS = [
    ["charter", "show"],
    ["charter", "accept", "--yes"],
    ["incident", "list"],
    ["run", "--listen-port", str(free_port())],
    ["serve", "--port", "0"],
    ["report"],
    ["setup", "--undo"],
]


@pytest.mark.parametrize("command", HOME_COMMANDS, ids=" ".join)
def test_data_folder_that_cannot_be_created(command: list[str], tmp_path: Path) -> None:
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    done = garde_ia(command, env={"GARDE_IA_HOME": str(blocker / "garde-ia")})
    assert_french_failure(done, EXIT_CONFIG, "GARDE_IA_HOME", "un élément du chemin est un fichier")
    assert not done.stdout.strip(), "nothing half-printed before the error"


def test_data_folder_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    done = garde_ia(["charter", "accept", "--yes"], env={"GARDE_IA_HOME": str(blocker)})
    assert_french_failure(done, EXIT_CONFIG, "GARDE_IA_HOME", "un fichier porte déjà ce nom")
    assert blocker.read_text() == "pas un dossier"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes every folder")
def test_data_folder_without_rights(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o500)
    done = garde_ia(["charter", "accept", "--yes"], env={"GARDE_IA_HOME": str(home)})
    assert_french_failure(done, EXIT_CONFIG, "lecture ou écriture refusée")


def test_run_on_a_busy_port_says_so_before_loading_anything(busy_port: int) -> None:
    done = garde_ia(["run", "--listen-port", str(busy_port)])
    assert_french_failure(done, EXIT_BUSY, f"le port {busy_port}", "déjà utilisé", "--listen-port")
    assert "Chargement du modèle" not in done.stderr
    assert (
        "regular@" not in done.stderr
    )  # mitmproxy's own advice names options garde-ia does not have


def test_serve_on_a_busy_port(busy_port: int) -> None:
    done = garde_ia(["serve", "--port", str(busy_port)])
    assert_french_failure(done, EXIT_BUSY, f"le port {busy_port}", "déjà utilisé", "--port")


def test_unknown_mitmproxy_option(tmp_path: Path) -> None:
    done = garde_ia(
        ["run", "--listen-port", str(free_port()), "--set", "nimporte_quoi=1", "--no-usage-log"],
        timeout=180,
    )
    assert_french_failure(
        done, EXIT_USAGE, "option --set refusée", "option inconnue : nimporte_quoi"
    )


def test_charter_accept_at_end_of_input_records_nothing_and_says_how(garde_ia_home: Path) -> None:
    done = garde_ia(["charter", "accept"], stdin="")
    assert_french_failure(done, EXIT_ERROR, "rien n'a été enregistré", "--yes")
    assert "Aborted" not in done.stderr
    shown = garde_ia(["charter", "show"])
    assert shown.returncode == 0 and "Pas encore confirmée" in shown.stdout


def test_charter_accept_with_another_answer_records_nothing() -> None:
    done = garde_ia(["charter", "accept"], stdin="peut-être\n")
    assert_french_failure(done, EXIT_ERROR, "non confirmée", "rien n'a été enregistré")
    assert "Pas encore confirmée" in garde_ia(["charter", "show"]).stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["report", "--formt", "csv"], ("option inconnue : --formt", "--format")),
        (["report", "--format", "docx"], ("« docx » n'est pas un des choix possibles", "'pdf'")),
        (["run", "--listen-port", "99999"], ("--listen-port", "hors des limites")),
        (["incident", "close", "1"], ("--notes manquant",)),
        (["report", "--format", "pdf"], ("un PDF s'écrit dans un fichier", "--out")),
    ],
)
def test_usage_errors_are_said_in_french(args: list[str], words: tuple[str, ...]) -> None:
    done = garde_ia(args)
    assert_french_failure(done, EXIT_USAGE, *words, "--help")
    assert "Invalid value" not in done.stderr and "No such option" not in done.stderr


def test_plain_garde_ia_shows_its_help_once() -> None:
    done = garde_ia([])
    assert (
        done.returncode == 0
        and done.stdout.count("Usage:") == 1
        and "garde-ia : Usage" not in done.stdout
    )
    assert "charter" in done.stdout and not done.stderr
