"""What a volunteer sees when garde-ia stops a request: in French, naming the charter rule.

A notice says which rule of the charter applies, what kind of data was found (never the data)
and how to rephrase. It is written in the form the tool shows best: an error body in the API's
own format for SDKs, an HTML page for a page navigation.
"""

import html
import json
from dataclasses import dataclass

from anonymizer.decision import Decision
from proxy.config.policy import OrganisationPolicy
from proxy.inspection.formats.payloads import ErrorStyle


@dataclass(frozen=True, slots=True)
class Notice:
    """A block explained: the heading, the charter rule(s), the kinds of data, the advice."""

    heading: str
    rules: tuple[str, ...]
    data_kinds: tuple[str, ...]
    advice: tuple[str, ...]
    charter: str
    alternatives: tuple[str, ...] = ()

    def text(self) -> str:
        """The notice as one plain French paragraph (API errors, WebSocket frames)."""
        parts = [f"garde-ia : {self.heading}"]
        if self.rules:
            parts.append(
                "Règle de la charte : " + " ; ".join(r.rstrip(".") for r in self.rules) + "."
            )
        if self.data_kinds:
            parts.append("Données repérées : " + ", ".join(self.data_kinds) + ".")
        parts.extend(self.advice)
        if self.alternatives:
            parts.append(
                "Outils approuvés par votre association : " + ", ".join(self.alternatives) + "."
            )
        parts.append(f"({self.charter})")
        return " ".join(parts)

    def html(self) -> str:
        """The notice as a small standalone HTML page."""

        def items(title: str, values: tuple[str, ...]) -> str:
            if not values:
                return ""
            lis = "".join(f"<li>{html.escape(v)}</li>" for v in values)
            return f"<h2>{html.escape(title)}</h2><ul>{lis}</ul>"

        return (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            "<title>garde-ia : requête arrêtée</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
            "line-height:1.5;color:#222}h1{font-size:1.4rem}h2{font-size:1.05rem}</style></head><body>"
            f"<h1>{html.escape(self.heading)}</h1>"
            + items("La règle de la charte", self.rules)
            + items("Ce que garde-ia a repéré (sans le recopier)", self.data_kinds)
            + items("Comment reformuler", self.advice)
            + items("Outils approuvés par votre association", self.alternatives)
            + f"<p><small>{html.escape(self.charter)}</small></p></body></html>"
        )

    def json_error(self, style: ErrorStyle) -> bytes:
        """The notice as an error body in an API's own error format."""
        return error_body(self.text(), style)


def error_body(message: str, style: ErrorStyle) -> bytes:
    """``message`` as an error body in an API's own error format, so its client shows it as is."""
    body: object
    if style == "openai":
        body = {
            "error": {
                "message": message,
                "type": "garde_ia_blocked",
                "param": None,
                "code": "garde_ia_blocked",
            }
        }
    elif style == "anthropic":
        body = {"type": "error", "error": {"type": "permission_error", "message": message}}
    elif style == "google":
        body = {"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED"}}
    elif style == "cohere":
        body = {"message": message}
    elif style == "ollama":
        body = {"error": message}
    else:
        body = {
            "error": {"message": message, "type": "garde_ia_blocked"},
            "detail": message,
            "message": message,
        }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _charter_line(policy: OrganisationPolicy) -> str:
    return f"{policy.charter.title}, version {policy.charter.version}"


def _contact(policy: OrganisationPolicy) -> tuple[str, ...]:
    if policy.charter.referent_contact:
        return (f"Une question ? Votre référent·e : {policy.charter.referent_contact}.",)
    return ()


def decision_notice(
    decision: Decision, policy: OrganisationPolicy, describe: dict[str, str]
) -> Notice:
    """The notice for a request the charter blocks (``describe`` maps entity types to French names)."""
    detection = policy.detection_policy
    blocking = [r for r in decision.reasons if r.action == "block"] or list(decision.reasons)
    rules = tuple(dict.fromkeys(f"« {r.title} » : {r.detail.rstrip('.')}" for r in blocking))
    kinds = [
        detection.categories[c].label if c in detection.categories else c
        for c in decision.categories
    ]  # type: ignore[index]
    kinds += [describe.get(t, t.lower()) for t in decision.entity_counts]
    advice = tuple(
        dict.fromkeys(detection.rules[r.rule].advice for r in blocking if r.rule in detection.rules)
    )
    return Notice(
        "votre message n'a pas été envoyé, il contient des données que la charte demande de protéger.",
        rules,
        tuple(dict.fromkeys(kinds)),
        advice + _contact(policy),
        _charter_line(policy),
    )


def problem_notice(problem: str, policy: OrganisationPolicy) -> Notice:
    """The notice for a request garde-ia could not check (fail closed)."""
    return Notice(
        f"votre message n'a pas été envoyé, car garde-ia n'a pas pu le vérifier ({problem}).",
        (
            "« Anonymiser avant d'envoyer » : tout contenu doit être vérifié avant d'être soumis à une IA.",
        ),
        (),
        (
            "Réessayez ; si cela se reproduit, copiez le texte utile directement dans la conversation.",
            *_contact(policy),
        ),
        _charter_line(policy),
    )


def forbidden_notice(
    tool_name: str, alternatives: tuple[str, ...], policy: OrganisationPolicy
) -> Notice:
    """The notice for a tool the organisation does not allow."""
    return Notice(
        f"{tool_name} n'est pas autorisé par votre association.",
        ("Utilisez les outils d'IA choisis par l'association, qui respectent sa charte.",),
        (),
        _contact(policy),
        _charter_line(policy),
        alternatives,
    )
