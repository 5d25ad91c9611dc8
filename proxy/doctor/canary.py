"""The doctor's canary: a forbidden prompt sent through the running guard, which must stop it.

The canary asks an AI API about a named person's health; the charter forbids sending it, so a
working guard answers itself (header ``x-garde-ia: blocked``) and nothing leaves the computer.
It is sent in plain HTTP so that, even if the guard is broken, no certificate setup is needed and
the request cannot reach a real service unnoticed. No data is real: the person does not exist.
"""

import json
import urllib.error
import urllib.request

from proxy.usage.canary import CANARY_MODEL, CANARY_PROMPT, CANARY_URL


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
