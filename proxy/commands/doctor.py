"""``garde-ia doctor``: is protection effective here? The checks live in :mod:`proxy.doctor_checks`.

One of them sends a canary prompt through the running guard and says whether it was stopped.

The canary asks an AI API about a named person's health; the charter forbids sending it, so a
working guard answers itself (header ``x-garde-ia: blocked``) and nothing leaves the computer.
It is sent in plain HTTP so that, even if the guard is broken, no certificate setup is needed and
the request cannot reach a real service unnoticed. No data is real: the person does not exist.
"""

import json
import urllib.error
import urllib.request
from pathlib import Path

import click

from proxy.canary import CANARY_MODEL, CANARY_PROMPT, CANARY_URL
from proxy.commands.options import db_option, policy_option


def send_canary(proxy_url: str, timeout: float = 30.0) -> tuple[bool, str]:
    """Send the canary through ``proxy_url``; (True, detail) when the guard blocked it."""
    body = json.dumps(
        {"model": CANARY_MODEL, "messages": [{"role": "user", "content": CANARY_PROMPT}]}
    )
    request = urllib.request.Request(
        CANARY_URL, data=body.encode(), method="POST", headers={"content-type": "application/json"}
    )
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy_url, "https": proxy_url})
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return (
                False,
                f"la requête test est passée (statut {response.status}) : la protection ne fonctionne pas",
            )
    except urllib.error.HTTPError as error:
        if error.headers.get("x-garde-ia") == "blocked":
            message = json.loads(error.read() or b"{}").get("error", {}).get("message", "")
            return True, message
        return False, f"réponse inattendue (statut {error.code}) : la protection ne fonctionne pas"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return False, f"garde-ia ne répond pas sur {proxy_url} ({error})"


@click.command("doctor")
@click.option(
    "--proxy",
    "proxy_url",
    default="http://127.0.0.1:8080",
    show_default=True,
    help="Adresse du garde-fou en cours d'exécution.",
)
@click.option("--pac-url", help="Adresse du fichier PAC (par défaut : celle notée par garde-ia setup).")
@db_option
@policy_option
def command(
    proxy_url: str, pac_url: str | None, db_url: str | None, policy_path: Path | None
) -> None:
    """Vérifie que la protection fonctionne sur cet appareil, et dit quoi faire sinon."""
    from proxy.doctor_checks import DoctorSettings, protection_effective, run_checks

    settings = DoctorSettings(
        proxy_url=proxy_url, pac_url=pac_url, db_url=db_url, policy_path=policy_path
    )
    results = run_checks(settings)
    marks = {"ok": "✓", "warn": "!", "fail": "✗"}
    for result in results:
        click.echo(f"{marks[result.status]} {result.title} : {result.detail}")
        if result.fix and result.status != "ok":
            click.echo(f"    → À faire : {result.fix}")
    if protection_effective(results):
        click.echo("La protection est active sur cet appareil.")
        return
    click.echo("Attention : la protection n'est pas complète (voir les ✗ ci-dessus).", err=True)
    raise SystemExit(1)
