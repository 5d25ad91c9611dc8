"""Postal addresses: street, residence or postbox, with postcode and city when written.

Examples: "18 rue Victor Hugo, 62000 Arras", "résidence Les Tilleuls, bâtiment B, appartement 12",
"BP 123". The span covers the whole address (number, street, complement, postcode and city) so that
nothing of it is left in clear. A city or "75011 Paris" alone is a place, not an address: it is
left to the place recognizer. Street words that are also common nouns (place, cours, passage…)
need a capitalised street name, so "2 cours de yoga" is not an address. A city name never runs on
to the next line (a table's next row). Belgian, British and American writings:
:mod:`anonymizer.recognizers.address_abroad`.
"""

import re

from anonymizer.recognizers._base import IdentifierRecognizer, Rule
from anonymizer.recognizers.address_abroad import abroad_rules

ENTITY = "ADRESSE"
STREET_SCORE = 0.85
RESIDENCE_SCORE = 0.7
POSTBOX_SCORE = 0.7
WITH_CONTEXT_SCORE = 0.95

CONTEXT_WORDS = (
    "adresse", "l'adresse", "habite", "habiter", "domicile", "domicilié", "demeurant", "réside",
    "résidant", "hébergé", "hébergée", "vit", "loge", "courrier", "envoyer",
    "address", "lives", "live at", "living at", "mailing address", "home",
)  # fmt: skip

# Street types whose following name may be written in lower case ("12 rue des lilas").
_PLAIN_TYPES = (
    r"rue|avenue|av\.|ave\.?|boulevard|bd|bld|boul\.|all[ée]e|impasse|imp\.|quai|faubourg|"
    r"fbg\.?|f(?:au)?b\.|lotissement|lot\.|r[ée]sidence|r[ée]s\.|hameau|lieu-dit|lieudit|"
    r"rond-point|esplanade|mont[ée]e|ruelle|venelle|chauss[ée]e|sentier|route|rte\.?|chemin|"
    r"ch\.|chem\.|cit[ée]|square|sq\.|villa|parvis|traverse|cheminement|zone\s+artisanale|"
    r"zone\s+industrielle|z\.?a\.?|z\.?i\.?"
)
# Street types that are also common nouns: the street name must start with a capital.
_NOUN_TYPES = r"place|pl\.|cours|passage|voie|clos|domaine|promenade|mail|c[ôo]te|parc|terrasse|port|carrefour|cour"

_UPPER = r"A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_CAPITALISED = rf"(?:et\s+)?(?!cedex\b)(?-i:[{_UPPER}])[\w’'.\-]*"
_STOP = (
    r"et|ou|à|a|au|aux|pour|avec|chez|dans|depuis|qui|que|est|sont|ont|il|elle|on|nous|vous|je|"
    r"tu|ils|elles|mais|donc|car|puis|pendant|avant|après|quand|si|ne|se|y|son|sa|ses|mon|ma|"
    r"mes|ton|ta|leur|leurs|ce|cette|ces|où|afin|lors|entre|par|près|vers|tel|tél|depuis|"
    r"the|and|in|at|to|for|with|on|b[âa]t|b[âa]timent|immeuble|imm|escalier|esc|entr[ée]e|"
    r"appartement|appt|app|apt|logement|log|porte|[ée]tage|chambre|cedex"
)
_PARTICLE = r"(?:(?:de|du|des|la|le|les|à|aux|au|en|sur|sous|lès|saint|sainte|st|ste)\s+|[ld][’'])"
_LOWER_WORD = rf"(?!(?:{_STOP})\b)[^\W\d_][\w’'\-]*"
_NUMBER_WORD = r"\d{1,4}(?:er|e)?\b"

# A street name: words and particles, never ending on a particle; at most six words.
_NAME_CAPITALISED = (
    rf"{_PARTICLE}*{_CAPITALISED}(?:\s+{_PARTICLE}*(?:{_CAPITALISED}|{_NUMBER_WORD})){{0,5}}"
)
_NAME_ANY = (
    rf"{_PARTICLE}*(?:{_CAPITALISED}|{_NUMBER_WORD}|{_LOWER_WORD})"
    rf"(?:\s+{_PARTICLE}*(?:{_CAPITALISED}|{_NUMBER_WORD}|{_LOWER_WORD})){{0,5}}"
)
_HOUSE_NUMBER = r"(?<![\w,.])\d{1,4}(?:\s?(?:bis|ter|quater|(?-i:[A-D]))\b)?,?"
_COMPLEMENT = (
    r"(?:,?\s+(?:b[âa]timent|b[âa]t\.?|immeuble|imm\.|escalier|esc\.|entr[ée]e|appartement|"
    r"appt\.?|app\.|apt\.?|logement|log\.|porte|[ée]tage|chambre)\s+(?:n°\s?)?[\w]{1,4}\b)*"
)
_POSTCODE = r"(?:(?:0[1-9]|[1-8]\d|9[0-8])\d{3}|(?:0[1-9]|[1-8]\d|9[0-8])\s\d{3}|2[AB]\d{3})(?!\d)"
_CITY = (
    rf"(?!(?:{_STOP})\b)[^\W\d_][\w’'\-]*(?:[^\S\n]+(?:(?:sur|sous|en|lès|les|le|la)\s+)?{_CAPITALISED})*"
    r"(?:[^\S\n]+cedex(?:\s\d{1,2})?)?"
)
_TOWN = rf"(?:,?\s+{_POSTCODE}(?:\s+{_CITY})?)?"

STREET_PATTERN = re.compile(
    rf"{_HOUSE_NUMBER}\s+(?:(?:{_PLAIN_TYPES})(?!\w)\s*{_NAME_ANY}|(?:{_NOUN_TYPES})(?!\w)\s*{_NAME_CAPITALISED})"
    rf"{_COMPLEMENT}{_TOWN}",
    re.IGNORECASE,
)
RESIDENCE_PATTERN = re.compile(
    rf"(?<!\d\s)(?<!\w)(?:r[ée]sidence|r[ée]s\.|lotissement|hameau|lieu-dit|domaine|cité)\s+"
    rf"{_NAME_CAPITALISED}{_COMPLEMENT}{_TOWN}",
    re.IGNORECASE,
)
POSTBOX_PATTERN = re.compile(
    rf"(?<!\w)(?:(?-i:BP|CS|TSA)|bo[îi]te\s+postale)\s?(?:n°\s?)?\d{{1,6}}(?!\d){_TOWN}",
    re.IGNORECASE,
)


def address_recognizer() -> IdentifierRecognizer:
    """Street addresses (with postcode and city when written), residences and postboxes."""
    rules = [
        Rule("numéro et voie", STREET_PATTERN, STREET_SCORE, WITH_CONTEXT_SCORE),
        Rule("résidence", RESIDENCE_PATTERN, RESIDENCE_SCORE, WITH_CONTEXT_SCORE),
        Rule("boîte postale", POSTBOX_PATTERN, POSTBOX_SCORE, WITH_CONTEXT_SCORE),
        *abroad_rules(),
    ]
    return IdentifierRecognizer(entity=ENTITY, rules=rules, context_words=CONTEXT_WORDS)
