"""Serve the PAC file written by setup from garde-ia's local pages (``/proxy.pac`` on 127.0.0.1).

Browsers fetch it without a token or an Origin, like any PAC; it holds no secret (AI host names and
the proxy's loopback address). Absent before setup and after ``--undo``: then 404, and browsers
pointed at it go direct again (doctor reports it).
"""

from flask import Blueprint, Response

from proxy.setup.pac import PAC_MEDIA_TYPE, PAC_PATH, pac_file

PAC_CONTENT_TYPE = f"{PAC_MEDIA_TYPE}; charset=utf-8"
pac = Blueprint("pac", __name__)


@pac.get(PAC_PATH)
def proxy_pac() -> Response:
    """The PAC script, or a French 404 when setup has not written it."""
    path = pac_file()
    if not path.exists():
        return Response(
            "// garde-ia : aucun fichier PAC. Lancez « garde-ia setup ».\n",
            status=404,
            content_type=PAC_CONTENT_TYPE,
        )
    return Response(path.read_text("utf-8"), content_type=PAC_CONTENT_TYPE)
