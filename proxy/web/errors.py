"""Refusals and errors in the form the client reads: a JSON error for the API, a small page otherwise."""

from flask import Response, jsonify, render_template


def api_error(status: int, code: str, message: str, **extra: object) -> Response:
    """A JSON error ``{"error": {"code", "message", ...}}`` with the given status."""
    response = jsonify({"error": {"code": code, "message": message, **extra}})
    response.status_code = status
    return response


def page_error(status: int, message: str) -> Response:
    """A small page explaining the problem (in the reader's language)."""
    return Response(
        render_template("error.html", message=message), status=status, mimetype="text/html"
    )


def refusal(is_api: bool, status: int, code: str, message: str) -> Response:
    """An error for the API or for a page."""
    return api_error(status, code, message) if is_api else page_error(status, message)
