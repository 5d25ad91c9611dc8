"""The first screen of ``garde-ia run``: what is protected, where, and what is left to do.

Plain French on standard output, printed once the proxy really listens: a volunteer who typed
``make run`` should know without reading a log line that protection is on, and which of the
three set-up steps (set-up, charter, check) are still missing.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WelcomeFacts:
    """What the first screen says, gathered by the ``run`` command."""

    address: str  # host:port of the proxy
    tool_count: int
    charter_title: str
    charter_version: str
    charter_acknowledged: bool
    setup_done: bool
    usage_log: bool
    pages_url: str


def welcome_text(facts: WelcomeFacts) -> str:
    """The lines of the first screen, in French."""
    lines = [
        f"garde-ia protège cet ordinateur : {facts.tool_count} outils d'IA sont vérifiés selon la charte.",
        f"  Garde-fou (proxy HTTP/HTTPS) : {facts.address}",
        f"  Charte : « {facts.charter_title} », version {facts.charter_version}"
        + (
            " (confirmée sur cet appareil)"
            if facts.charter_acknowledged
            else " (pas encore confirmée)"
        ),
        "  Journal d'usage : "
        + ("activé (aucun texte, seulement des compteurs)" if facts.usage_log else "désactivé"),
    ]
    todo = []
    if not facts.setup_done:
        todo.append(
            "Configurer cet ordinateur, une seule fois : garde-ia setup "
            "(le navigateur passe par le garde-fou et reconnaît son certificat)."
        )
    if not facts.charter_acknowledged:
        todo.append(
            "Lire et confirmer la charte : garde-ia charter show, puis garde-ia charter accept "
            f"(ou la page {facts.pages_url}/charte). D'ici là, les outils d'IA affichent la charte "
            "au lieu de répondre."
        )
    todo.append("Vérifier que tout fonctionne : garde-ia doctor (dans un autre terminal).")
    lines += ["", "À faire :" if len(todo) > 1 else "Pour vérifier :"]
    lines += [f"  {number}. {step}" for number, step in enumerate(todo, start=1)]
    lines += ["", "Ctrl+C pour arrêter la protection."]
    return "\n".join(lines)
