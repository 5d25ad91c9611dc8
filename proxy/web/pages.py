"""The local pages: the charter and its acknowledgement, the mistake report, my activity, AI-use mentions."""

from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from proxy.charter.data_categories import DATA_CATEGORIES
from proxy.charter.gate import CharterGate, current_acknowledgement, gate_style_source
from proxy.charter.text import CHECKLIST, MENTIONS, SUMMARY
from proxy.config.i18n import N_
from proxy.storage.activity import recent_activity
from proxy.storage.incidents import NOTIFICATION_DELAY
from proxy.usage.events import utc_now
from proxy.web.context import WebContext
from proxy.web.language import current_language
from proxy.web.language import gettext as _
from proxy.web.protection import Wish, tray_protection
from proxy.web.protection import request as request_protection
from proxy.web.recent import Findings, RecentRequest, findings, recent_requests
from proxy.web.report_form import (
    FIELD_LABELS,
    MAX_TEXT,
    ReportInput,
    describe,
    field_errors,
    form_moment,
    moment_example,
)
from proxy.web.security import SECURITY_HEADERS
from proxy.web.services import acknowledge_charter, submit_report

pages = Blueprint("pages", __name__)
# Where the error summary's links lead: the first control of each field.
FIELD_ANCHORS = {
    "tool_id": "tool_id",
    "happened_at": "happened_at",
    "data_categories": "category-identite",
    "minors": "minors-oui",
    "approx_people": "approx_people",
    "facts": "facts",
    "measures_taken": "measures_taken",
}
ACTION_LABELS = {
    "allow": N_("envoyé tel quel"),
    "pseudonymize": N_("pseudonymisé"),
    "block": N_("bloqué"),
}


def context() -> WebContext:
    """The server's shared parts."""
    found: WebContext = current_app.extensions["garde_ia"]
    return found


def _tool_name(tool_id: str | None) -> str:
    return context().tool_name(tool_id) if tool_id else _(context().tool_name(tool_id))


def _actions() -> dict[str, str]:
    return {action: _(label) for action, label in ACTION_LABELS.items()}


def _found(request_: RecentRequest) -> Findings:
    return findings(request_, context().policy)


def _recent(limit: int) -> tuple[RecentRequest, ...]:
    return recent_requests(context().engine, limit, context().per_device)


def _render(template: str, status: int = 200, **values: Any) -> Response:
    body = render_template(
        template,
        csrf_token=context().tokens.form_token(),
        tool_name=_tool_name,
        found=_found,
        **values,
    )
    return Response(body, status=status, mimetype="text/html")


PROTECTION_WORDS = {
    "starting": N_("garde-ia démarre…"),
    "active": N_("Protection active"),
    "paused": N_("Protection en pause"),
    "stopped": N_("Protection arrêtée"),
    "error": N_("Protection en erreur"),
}


def _protection() -> tuple[str, bool]:
    """The protection's state and whether the pages can pause or resume it (a tray runs)."""
    from_tray = tray_protection()
    if from_tray is not None:
        return from_tray, True
    return ("active" if context().guard_probe() == "active" else "stopped"), False


@pages.get("/")
def index() -> Response:
    """The home page: the protection's state (with pause and resume when the tray runs), links to the other pages."""
    protection, controllable = _protection()
    return _render(
        "index.html",
        charter=context().policy.charter,
        protection=protection,
        protection_words=_(PROTECTION_WORDS.get(protection, PROTECTION_WORDS["stopped"])),
        controllable=controllable,
        asked=request.args.get("demande", ""),
    )


@pages.post("/protection")
def change_protection() -> Response:
    """Ask the tray to pause or resume the protection (what its menu does), then show the home page."""
    wish = request.form.get("souhait", "")
    if wish not in ("pause", "resume") or tray_protection() is None:
        return _render(
            "error.html",
            409,
            message=_("La pause et la reprise passent par l'icône de garde-ia, qui ne tourne pas."),
        )
    chosen: Wish = "pause" if wish == "pause" else "resume"
    request_protection(chosen)
    return redirect(url_for("pages.index", demande=wish), code=303)  # type: ignore[return-value]


@pages.get("/charte")
def charter() -> Response:
    """The charter summary, the checklist and the acknowledgement form."""
    found = current_acknowledgement(context().engine, context().policy, context().subject_id)
    return _render(
        "charter.html",
        charter=context().policy.charter,
        summary=SUMMARY,
        checklist=CHECKLIST,
        acknowledgement=found,
        thanks=request.args.get("merci") == "1",
    )


@pages.post("/charte/accepter")
def accept_charter() -> Response:
    """Record the acknowledgement, then show the charter page again with thanks."""
    acknowledge_charter(context())
    return redirect(url_for("pages.charter", merci="1"), code=303)  # type: ignore[return-value]


@pages.get("/charte/porte")
def gate_preview() -> Response:
    """The page the proxy shows before the charter is acknowledged (preview, in this page's language)."""
    tool = context().tool_name(request.args.get("outil", "")) if request.args.get("outil") else ""
    gate = CharterGate(context().policy, context().engine, request.host_url, context().subject_id)
    page = Response(gate.page_html(tool, language=current_language()), mimetype="text/html")
    # The same strict policy as every page, plus the gate's own inline style, allowed by its hash.
    page.headers["Content-Security-Policy"] = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "style-src 'self'", f"style-src 'self' {gate_style_source()}"
    )
    return page


@pages.get("/mentions")
def mentions() -> Response:
    """The checklist before using AI and the three AI-use mentions to paste in a document."""
    return _render(
        "mentions.html",
        checklist=CHECKLIST,
        mentions=MENTIONS,
        chosen=request.args.get("niveau", ""),
    )


@pages.get("/activite")
def activity() -> Response:
    """My recent activity: counts per tool and what garde-ia did, never the content."""
    summary = recent_activity(context().engine, utc_now() - timedelta(days=7), context().per_device)
    return _render("activity.html", summary=summary, events=_recent(30), actions=_actions())


def _report_page(
    status: int = 200, values: MultiDict[str, str] | None = None, **extra: Any
) -> Response:
    return _render(
        "report.html",
        status,
        values=values or MultiDict(),
        recent=_recent(15),
        field_labels={field: _(label) for field, label in FIELD_LABELS.items()},
        anchors=FIELD_ANCHORS,
        moment_example=moment_example(current_language()),
        tools=sorted(context().tools.items(), key=lambda item: item[1].lower()),
        categories={key: _(label) for key, label in DATA_CATEGORIES.items()},
        actions=_actions(),
        max_text=MAX_TEXT,
        **extra,
    )


@pages.get("/signaler")
def report_form() -> Response:
    """The mistake report form, pre-filled with my recent AI requests to choose from."""
    return _report_page()


def form_input(form: MultiDict[str, str]) -> dict[str, Any]:
    """The report fields of a submitted form (the chosen recent request wins over the typed moment)."""
    recent = form.get("recent", "")
    return {
        "tool_id": form.get("tool_id", ""),
        "happened_at": recent
        if recent and recent != "autre"
        else form_moment(form.get("happened_at", "")),
        "data_categories": form.getlist("data_categories"),
        "minors": form.get("minors", ""),
        "approx_people": form.get("approx_people", ""),
        "facts": form.get("facts", ""),
        "measures_taken": form.get("measures_taken", ""),
        "confirm_personal_data": form.get("confirm_personal_data") == "oui",
    }


@pages.post("/signaler")
def submit_report_form() -> Response:
    """Validate, check the free text for personal data, then store and thank (or explain)."""
    try:
        report = ReportInput.model_validate(form_input(request.form))
    except ValidationError as error:
        errors = field_errors(error, _)
        return _report_page(400, request.form, errors=errors, summary=describe(errors, _))
    outcome = submit_report(context(), report)
    if outcome.unchecked:
        return _report_page(503, request.form, unchecked=True)
    if outcome.entry is None:
        # The kinds of data in the page's language (the policy's category labels stay as written).
        return _report_page(
            409, request.form, personal_data=tuple(_(kind) for kind in outcome.personal_data)
        )
    return _render(
        "report_done.html",
        entry=outcome.entry,
        deadline=outcome.entry.draft.discovered_at + NOTIFICATION_DELAY,
        tool=context().tool_name(outcome.entry.draft.tool_id),
        contact=context().policy.charter.referent_contact,
    )
