"""This device's latest requests told in words: tool, moment, what garde-ia did and what it found.

The volunteer must be able to tell two requests of the same minute apart (to point at the one that
went wrong) without reading rule ids: the charter rule's title, the sensitive category's label and
the kinds of personal data found, with their counts. Never content.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from proxy.config.i18n import N_
from proxy.config.policy import OrganisationPolicy
from proxy.storage.engine import read_transaction
from proxy.storage.models import UsageEvent, UsageEventTag

# The anonymizer's kinds of personal data (anonymizer.entities), here to be translated on the pages.
ENTITY_NAMES = {
    "PERSONNE": N_("nom de personne"),
    "EMAIL": N_("adresse e-mail"),
    "TELEPHONE": N_("numéro de téléphone"),
    "ADRESSE": N_("adresse postale"),
    "IBAN": N_("IBAN"),
    "CARTE_BANCAIRE": N_("numéro de carte bancaire"),
    "NIR": N_("numéro de sécurité sociale"),
    "DATE_NAISSANCE": N_("date de naissance"),
    "PLAQUE": N_("plaque d'immatriculation"),
    "NUMERO_FISCAL": N_("numéro fiscal"),
    "PASSEPORT": N_("numéro de passeport"),
    "CNI": N_("numéro de carte d'identité"),
    "NUMERO_CAF": N_("numéro d'allocataire CAF"),
    "IDENTIFIANT_FRANCE_TRAVAIL": N_("identifiant France Travail"),
    "INE": N_("numéro INE"),
    "NUMERO_NATIONAL_BE": N_("numéro national belge"),
    "ADRESSE_IP": N_("adresse IP"),
}


@dataclass(frozen=True, slots=True)
class RecentRequest:
    """One recent request: when, which tool, what garde-ia did, the rules, categories and kinds of data."""

    occurred_at: datetime
    tool_id: str
    action: str
    rule_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    entities: tuple[tuple[str, int], ...] = ()  # (entity type, count), most frequent first


def recent_requests(
    engine: Engine, limit: int = 20, device_id: str | None = None
) -> tuple[RecentRequest, ...]:
    """The latest requests, newest first, with their tags (rules, categories, entity types and counts)."""
    query = select(
        UsageEvent.event_id, UsageEvent.occurred_at, UsageEvent.tool_id, UsageEvent.action
    )
    if device_id is not None:
        query = query.where(UsageEvent.device_id == device_id)
    query = query.order_by(UsageEvent.occurred_at.desc()).limit(limit)
    with read_transaction(engine) as connection:
        events = connection.execute(query).all()
        tags = connection.execute(
            select(
                UsageEventTag.event_id, UsageEventTag.kind, UsageEventTag.name, UsageEventTag.count
            ).where(UsageEventTag.event_id.in_([event.event_id for event in events]))
        ).all()
    found: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for event_id, kind, name, count in tags:
        found[(event_id, kind)].append((name, int(count or 0)))
    return tuple(
        RecentRequest(
            occurred_at=event.occurred_at,
            tool_id=event.tool_id,
            action=event.action,
            rule_ids=tuple(sorted(name for name, _ in found[(event.event_id, "rule")])),
            categories=tuple(sorted(name for name, _ in found[(event.event_id, "category")])),
            entities=tuple(
                sorted(found[(event.event_id, "entity")], key=lambda item: (-item[1], item[0]))
            ),
        )
        for event in events
    )


@dataclass(frozen=True, slots=True)
class Findings:
    """What was found, in words: the charter's own words (rule titles, category labels) and data kinds."""

    charter_words: tuple[str, ...]
    data_kinds: tuple[tuple[str, int], ...]  # (French name to translate, count)


def findings(request: RecentRequest, policy: OrganisationPolicy) -> Findings:
    """The human names of what garde-ia found in one request (never ids)."""
    detection = policy.detection_policy
    words = [
        detection.rules[r].title if r in detection.rules else r.replace("-", " ")
        for r in request.rule_ids
    ]
    words += [
        detection.categories[c].label if c in detection.categories else c.replace("_", " ")  # type: ignore[index]
        for c in request.categories
    ]
    kinds = tuple(
        (ENTITY_NAMES.get(t, t.lower().replace("_", " ")), n) for t, n in request.entities
    )
    return Findings(tuple(dict.fromkeys(words)), kinds)
