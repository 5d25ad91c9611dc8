"""French identifier recognizers for Presidio: NIR, IBAN, phones, addresses, plates and more.

Every recognizer runs with ``supported_language="fr"`` (garde-ia analyses every prompt, French or
English, with the French pipeline) and knows French and English cue words. Entity types are
French and double as placeholder labels ("[TELEPHONE_1]"). Scores follow one convention:
>= 0.5 means "this is that identifier", a right checksum gives 1.0, and identifiers whose shape
alone proves nothing are reported only when their cue word is present.
"""

from presidio_analyzer import EntityRecognizer

from anonymizer.recognizers.address import address_recognizer
from anonymizer.recognizers.banking import card_recognizer, iban_recognizer
from anonymizer.recognizers.belgium import belgian_national_number_recognizer
from anonymizer.recognizers.birth_date import birth_date_recognizer
from anonymizer.recognizers.education import ine_recognizer
from anonymizer.recognizers.email import email_recognizer
from anonymizer.recognizers.identity_documents import id_card_recognizer, passport_recognizer
from anonymizer.recognizers.network import ip_recognizer
from anonymizer.recognizers.nir import (
    is_temporary_nir,
    is_valid_nir,
    nir_recognizer,
    nir_structure_recognizer,
    nir_without_key_recognizer,
)
from anonymizer.recognizers.phone import phone_recognizer
from anonymizer.recognizers.social_services import (
    caf_number_recognizer,
    france_travail_recognizer,
)
from anonymizer.recognizers.tax import tax_number_recognizer
from anonymizer.recognizers.vehicle import plate_recognizer

IDENTIFIER_ENTITIES: tuple[str, ...] = (
    "NIR",
    "IBAN",
    "CARTE_BANCAIRE",
    "TELEPHONE",
    "EMAIL",
    "ADRESSE",
    "DATE_NAISSANCE",
    "PLAQUE",
    "NUMERO_FISCAL",
    "PASSEPORT",
    "CNI",
    "NUMERO_CAF",
    "IDENTIFIANT_FRANCE_TRAVAIL",
    "INE",
    "NUMERO_NATIONAL_BE",
    "ADRESSE_IP",
)


def identifier_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of every identifier recognizer, in the order of ``IDENTIFIER_ENTITIES``."""
    return [
        nir_recognizer(),
        nir_without_key_recognizer(),
        nir_structure_recognizer(),
        iban_recognizer(),
        card_recognizer(),
        phone_recognizer(),
        email_recognizer(),
        address_recognizer(),
        birth_date_recognizer(),
        plate_recognizer(),
        tax_number_recognizer(),
        passport_recognizer(),
        id_card_recognizer(),
        caf_number_recognizer(),
        france_travail_recognizer(),
        ine_recognizer(),
        belgian_national_number_recognizer(),
        ip_recognizer(),
    ]


__all__ = [
    "IDENTIFIER_ENTITIES",
    "identifier_recognizers",
    "is_temporary_nir",
    "is_valid_nir",
]
