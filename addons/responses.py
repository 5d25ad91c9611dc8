"""garde-ia's own answers to a stopped request, in the form the client shows best."""

from mitmproxy import http

from proxy.config.catalog import Match
from proxy.inspection.formats.payloads import payload_format
from proxy.inspection.notices import Notice


def is_navigation(request: http.Request) -> bool:
    """Whether the browser is loading a page (then an HTML page is shown, not a JSON error)."""
    if request.headers.get("sec-fetch-dest", "") == "document":
        return True
    return request.method == "GET" and request.headers.get("accept", "").startswith("text/html")


def notice_response(
    request: http.Request, match: Match | None, notice: Notice, status: int = 403
) -> http.Response:
    """An HTTP answer carrying ``notice``: an HTML page for navigations, else the API's error format."""
    headers = {"cache-control": "no-store", "x-garde-ia": "blocked"}
    if is_navigation(request):
        return http.Response.make(
            status,
            notice.html().encode("utf-8"),
            {**headers, "content-type": "text/html; charset=utf-8"},
        )
    style = payload_format(match.format).error_style if match else "generic"
    return http.Response.make(
        status,
        notice.json_error(style),
        {**headers, "content-type": "application/json; charset=utf-8"},
    )
