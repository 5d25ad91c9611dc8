"""The JSON API for a companion browser extension (or any local client); documented in ``openapi.json``."""

from importlib import resources
from typing import Any

from flask import Blueprint, Response, jsonify, request
from pydantic import ValidationError

from proxy.charter.gate import current_acknowledgement
from proxy.inspection.check_service import GuardStopped
from proxy.inspection.decision_json import decision_to_json
from proxy.storage.incidents import IncidentEntry
from proxy.web.errors import api_error
from proxy.web.language import gettext as _
from proxy.web.pages import context
from proxy.web.report_form import MAX_TEXT, ReportInput, describe, field_errors
from proxy.web.services import GUARD_STOPPED, acknowledge_charter, submit_report

api = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_CHECK_TEXT = 20_000
DECISIONS_WINDOW = 500


def _json_body() -> dict[str, Any] | Response:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(
            400, "bad_json", _("Un objet JSON est attendu (Content-Type: application/json).")
        )
    return body


@api.get("/openapi.json")
def openapi() -> Response:
    """This API's OpenAPI document."""
    text = resources.files("proxy.web").joinpath("openapi.json").read_text("utf-8")
    return Response(text, mimetype="application/json")


@api.get("/status")
def status() -> Response:
    """Is the guard running, which charter applies, is it acknowledged here."""
    ctx = context()
    found = current_acknowledgement(ctx.engine, ctx.policy, ctx.subject_id)
    return jsonify(
        {
            "guard": ctx.guard_probe(),
            "charter": {
                "title": ctx.policy.charter.title,
                "version": ctx.policy.charter.version,
                "acknowledged": found is not None,
                "acknowledged_at": found.acknowledged_at.isoformat() if found else None,
            },
            "scanner_loaded": ctx.scanner.loaded,  # False: texts are checked by the running guard
        }
    )


@api.post("/check")
def check() -> Response:
    """The charter decision for a text, exactly as ``garde-ia scan`` gives it; nothing is sent anywhere."""
    body = _json_body()
    if isinstance(body, Response):
        return body
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return api_error(
            400, "empty_text", _("Le champ « text » doit contenir le texte à vérifier.")
        )
    if len(text) > MAX_CHECK_TEXT:
        return api_error(
            413,
            "text_too_long",
            _("Texte trop long : %(max)d caractères au plus.", max=MAX_CHECK_TEXT),
        )
    try:
        result = context().scanner.scan(text)
    except GuardStopped:
        return api_error(503, "guard_stopped", _(GUARD_STOPPED))
    return jsonify(decision_to_json(result.decision))


@api.get("/decisions")
def decisions() -> Response:
    """What garde-ia did with this device's latest requests to one tool (never content)."""
    tool = request.args.get("tool", "")
    if tool not in context().tools:
        return api_error(
            400, "unknown_tool", _("Paramètre « tool » : identifiant d'outil inconnu du catalogue.")
        )
    limit = request.args.get("limit", "20")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        return api_error(400, "bad_limit", _("Paramètre « limit » : un nombre de 1 à 100."))
    events = [e for e in context().recent(DECISIONS_WINDOW) if e.tool_id == tool][: int(limit)]
    return jsonify(
        {
            "tool": tool,
            "decisions": [
                {
                    "occurred_at": e.occurred_at.isoformat(),
                    "action": e.action,
                    "rules": list(e.rule_ids),
                    "categories": list(e.categories),
                }
                for e in events
            ],
        }
    )


@api.post("/charter/acknowledge")
def acknowledge() -> Response:
    """Acknowledge the current charter version; the client names the version it showed."""
    body = _json_body()
    if isinstance(body, Response):
        return body
    version = context().policy.charter.version
    if body.get("version") != version:
        return api_error(
            409,
            "version_mismatch",
            _(
                "La charte en vigueur est la version %(version)s : relisez-la avant de confirmer.",
                version=version,
            ),
            current_version=version,
        )
    found = acknowledge_charter(context())
    return jsonify(
        {"version": found.charter_version, "acknowledged_at": found.acknowledged_at.isoformat()}
    )


def _entry_json(entry: IncidentEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "status": entry.status,
        "notification_deadline": entry.notification_deadline.isoformat(),
    }


@api.post("/incidents")
def incidents() -> Response:
    """File a mistake report; refused (409) when its free text holds personal data not confirmed."""
    body = _json_body()
    if isinstance(body, Response):
        return body
    try:
        report = ReportInput.model_validate(body)
    except ValidationError as error:
        errors = field_errors(error, _)
        return api_error(
            400, "invalid_report", describe(errors, _), fields=errors, max_text=MAX_TEXT
        )
    outcome = submit_report(context(), report)
    if outcome.unchecked:
        return api_error(
            503,
            "guard_stopped",
            _(
                "%(stopped)s Relisez vous-même le texte du signalement, puis renvoyez-le avec "
                "« confirm_personal_data »: true.",
                stopped=_(GUARD_STOPPED),
            ),
        )
    if outcome.entry is None:
        return api_error(
            409,
            "personal_data",
            _(
                "Le texte du signalement contient des données personnelles : reformulez-le, "
                "ou renvoyez-le avec « confirm_personal_data »: true."
            ),
            kinds=list(outcome.personal_data),
        )
    response = jsonify(_entry_json(outcome.entry))
    response.status_code = 201
    return response
