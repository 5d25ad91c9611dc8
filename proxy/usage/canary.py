"""The test request of ``garde-ia doctor``: sent through the guard, it must be stopped.

Its words live here, apart from the command, because the guard must also recognise it: a
check is not use of an AI tool, so it is never counted in the usage log, the report or
"Mon activité". Only a request that is exactly the canary (plain HTTP to the OpenAI API, the
canary model, blocked) is left out: someone copying its model name gains nothing, since a
request that is not blocked is counted as usual.
"""

CANARY_URL = "http://api.openai.com/v1/chat/completions"
CANARY_MODEL = "garde-ia-canary"
CANARY_PROMPT = (
    "Rédige un courrier pour Mme Capucine Témoin-Canari, 06 12 34 56 78, "
    "qui est séropositive et suivie en psychiatrie."
)


def is_canary(scheme: str, host: str, model: str | None, action: str) -> bool:
    """Whether a checked request is the doctor's canary, blocked as it should be."""
    return (
        scheme == "http"
        and host == "api.openai.com"
        and model == CANARY_MODEL
        and action == "block"
    )
