"""Addresses written the Belgian, British or American way, as volunteers paste them.

Belgium puts the number after the street and uses 4-digit postcodes ("Rue de Namur 28, 5000
Namur", "Kerkstraat 5, 9000 Gent", "Chaussée de Waterloo 1120, 1180 Uccle"); the UK and the US put
the number first but name the street type last ("14 Elm Grove, Leeds LS6 2AB", "1842 W Maple Ave,
Springfield, IL 62704"). A street word alone proves little, so a Belgian street with its number
needs a capitalised street name, and scores higher with its postcode; English streets need their
street-type word, and a postcode or a cue to reach the certain score.
"""

import re

from anonymizer.recognizers._base import Rule

_UPPER = r"A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_CAP = rf"(?-i:[{_UPPER}])[\w’'\-]*"
# A town's words: capitalised, then lower case ("Leeds", not the postcode "LS6" or the state "IL").
_TOWN_WORD = rf"(?-i:[{_UPPER}][a-zà-ÿ])[\w’'\-]*"
_PARTICLE = r"(?:(?:de|du|des|la|le|les|l[’']|d[’']|aux?|van|der|den|sur|sous|en)\s*)"
# Street types that come first (French-speaking Belgium).
_BE_TYPES = (
    r"rue|avenue|av\.|chauss[ée]e|boulevard|bd|place|square|dr[èe]ve|chemin|all[ée]e|quai|clos|"
    r"impasse|rempart|galerie|sentier|route|venelle|parvis|cit[ée]|cour|r[ée]sidence|rond-point"
)
# Dutch street names end with their type ("Kerkstraat", "Groenplaats", "Meir").
_NL_STREET = (
    r"(?-i:[A-Z])[\w\-]*(?:straat|laan|weg|plein|steenweg|dreef|lei|kaai|markt|singel|dijk|pad|"
    r"hof|baan|vest|plaats|gracht|kade|wal|dam|veld|berg)"
)
_BE_NUMBER = r"\d{1,4}(?:\s?[A-Za-z](?!\w))?(?:\s?(?:bte|bus|boîte|/)\s?\d{1,4})?"
_BE_POSTCODE = r"[1-9]\d{3}"
_BE_TOWN = rf"(?:,?\s+{_BE_POSTCODE}\s+{_TOWN_WORD}(?:[\- ](?:{_PARTICLE})?{_TOWN_WORD}){{0,3}})"
_BE_NAME = rf"(?:{_PARTICLE}*{_CAP})(?:\s+{_PARTICLE}*{_CAP}){{0,4}}"

BELGIAN_STREET = re.compile(
    rf"(?<!\w)(?:(?:{_BE_TYPES})\s+{_BE_NAME}|{_NL_STREET})\s+{_BE_NUMBER}(?!\d){_BE_TOWN}?",
    re.IGNORECASE,
)

_EN_TYPES = (
    r"Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Grove|Close|Drive|Dr|Way|Crescent|Court|Ct|Place|Pl|"
    r"Gardens|Terrace|Hill|Row|Square|Walk|Mews|Rise|View|Boulevard|Blvd|Parkway|Pkwy|Highway|Hwy|"
    r"Circle|Cir|Trail|Green|Park"
)
_UK_POSTCODE = r"(?-i:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})"
_US_STATE_ZIP = r"(?-i:[A-Z]{2})\s+\d{5}(?:-\d{4})?"
_EN_TOWN = rf"(?:,\s*{_TOWN_WORD}(?:\s{_TOWN_WORD}){{0,2}})"
ENGLISH_STREET = re.compile(
    rf"(?<![\w,.])\d{{1,5}}[A-Za-z]?\s+(?:(?-i:[NSEW])\.?\s+)?{_CAP}(?:\s+{_CAP}){{0,3}}?\s+(?-i:{_EN_TYPES})\.?(?!\w)"
    rf"(?:{_EN_TOWN}{{0,2}}(?:,?\s+(?:{_UK_POSTCODE}|{_US_STATE_ZIP}))?)?",
)

BELGIAN_SCORE = 0.6
ENGLISH_SCORE = 0.6
WITH_CONTEXT_SCORE = 0.95


def abroad_rules() -> list[Rule]:
    """Belgian (number after the street) and English-speaking address rules."""
    return [
        Rule("adresse belge", BELGIAN_STREET, BELGIAN_SCORE, WITH_CONTEXT_SCORE),
        Rule("adresse anglaise", ENGLISH_STREET, ENGLISH_SCORE, WITH_CONTEXT_SCORE),
    ]
