"""Sub-commands of ``garde-ia``; each module exposes one click command (or group) named ``command``."""

import importlib

import click

# Module names under proxy/cli/, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "scan",
    "run",
    "doctor",
    "report",
    "purge",
    "serve",
    "charter",
    "incident",
    "tray",
    "setup",
)


def register_all(group: click.Group) -> None:
    """Attach every command module's ``command`` to ``group``."""
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"proxy.cli.{name}")
        group.add_command(module.command)
