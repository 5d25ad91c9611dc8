"""The charter's words shown to volunteers: its summary, the checklist before using AI, the AI-use mentions.

Taken from the default charter model (DLA Hauts-de-France and Mouvement associatif Hauts-de-France,
CC-BY-SA 4.0). Plain data, so the tray, the local pages and the command line say the same thing.
The charter's words stay in French in every interface language; only the mention levels' labels
are translated where shown (marked with ``N_``).
"""

from dataclasses import dataclass

from proxy.config.i18n import N_


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the charter summary."""

    title: str
    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """One of the charter's three levels of AI assistance, with the sentence to paste in a document."""

    key: str
    label: str
    text: str


SUMMARY: tuple[Section, ...] = (
    Section(
        "Protection des données",
        (
            "Ne jamais introduire de données personnelles ou sensibles (santé, situation sociale, données RH, opinions).",
            "Vigilance renforcée lorsque les données concernent des mineur·e·s.",
            "Anonymiser ou reformuler de manière générique tout contenu avant de le soumettre à une IA.",
        ),
    ),
    Section(
        "Transparence et responsabilité",
        (
            "L'IA ne décide jamais : vous gardez votre jugement.",
            "Une relecture humaine est obligatoire avant toute diffusion.",
            "Signaler toute production assistée par IA (idée, production, amélioration).",
        ),
    ),
    Section(
        "Sobriété numérique",
        (
            "Ne pas utiliser l'IA par défaut ou par confort.",
            "Limiter le nombre et la taille des demandes.",
        ),
    ),
    Section(
        "En cas d'erreur",
        (
            "Une erreur se signale, elle ne se sanctionne pas : prévenez votre référent·e dès que possible.",
        ),
    ),
)

CHECKLIST: tuple[tuple[str, str], ...] = (
    (
        "Le besoin",
        "Ai-je vraiment besoin de l'IA pour cette tâche ? Qu'est-ce que ça m'apporte concrètement ?",
    ),
    (
        "Les données",
        "Est-ce que je risque de partager des données confidentielles, personnelles ou sensibles ?",
    ),
    (
        "La souveraineté",
        "Qui est derrière cet outil ? Existe-t-il une alternative open source ou européenne ?",
    ),
    ("L'environnement", "Quel est son impact écologique ? Est-il documenté ?"),
    ("Le coût", "Quel est son prix, et le rapport coût/bénéfice au regard de nos missions ?"),
)

MENTIONS: tuple[Mention, ...] = (
    Mention(
        "idee",
        N_("Idée"),
        "L'idée de ce document a été trouvée avec l'aide d'une IA générative ; le contenu a été rédigé et relu par notre équipe.",
    ),
    Mention(
        "production",
        N_("Production"),
        "Ce document a été produit avec l'aide d'une IA générative, puis relu et validé par notre équipe.",
    ),
    Mention(
        "amelioration",
        N_("Amélioration"),
        "Ce document, rédigé par notre équipe, a été amélioré (reformulation, correction) avec l'aide d'une IA générative.",
    ),
)


def mention(key: str) -> Mention:
    """The mention for one level (``KeyError`` when the level is unknown)."""
    for item in MENTIONS:
        if item.key == key:
            return item
    raise KeyError(key)
