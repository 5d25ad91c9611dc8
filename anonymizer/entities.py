"""The kinds of personal data garde-ia finds, with their French names for messages.

Kept apart from the engine so the policy can check its ``[identifiers.actions]`` keys (a typo such
as ``NIRR`` must be refused, not silently ignored) without loading Presidio or spaCy.
"""

ENTITY_LABELS = {
    "PERSONNE": "nom de personne",
    "EMAIL": "adresse e-mail",
    "TELEPHONE": "numéro de téléphone",
    "ADRESSE": "adresse postale",
    "IBAN": "IBAN",
    "CARTE_BANCAIRE": "numéro de carte bancaire",
    "NIR": "numéro de sécurité sociale",
    "DATE_NAISSANCE": "date de naissance",
    "PLAQUE": "plaque d'immatriculation",
    "NUMERO_FISCAL": "numéro fiscal",
    "PASSEPORT": "numéro de passeport",
    "CNI": "numéro de carte d'identité",
    "NUMERO_CAF": "numéro d'allocataire CAF",
    "IDENTIFIANT_FRANCE_TRAVAIL": "identifiant France Travail",
    "INE": "numéro INE",
    "NUMERO_NATIONAL_BE": "numéro national belge",
    "ADRESSE_IP": "adresse IP",
}


def describe(entity_type: str) -> str:
    """The French name of a kind of data, for messages (never the data itself)."""
    return ENTITY_LABELS.get(entity_type, entity_type.lower().replace("_", " "))
