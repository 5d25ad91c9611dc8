"""The kinds of personal data the charter names, in the words a volunteer reporting a mistake reads."""

from proxy.config.i18n import N_

DATA_CATEGORIES: dict[str, str] = {
    "identite": N_("Noms, coordonnées (adresse, téléphone, e-mail)"),
    "identifiants": N_("Numéros officiels (sécurité sociale, IBAN, papiers d'identité)"),
    "sante": N_("Santé"),
    "social": N_("Situation sociale ou familiale"),
    "rh": N_("Données RH (salarié·es, bénévoles)"),
    "opinions": N_("Opinions, religion, orientation"),
    "autre": N_("Autre"),
}
