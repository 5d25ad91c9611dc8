"""Pseudonym vaults: which placeholder stands for which real value, per conversation, in memory only.

A vault never leaves the guard's memory: it has no text form that shows values, refuses to be
pickled or copied, and nothing in it is ever logged. The same value keeps the same placeholder for
the whole conversation, so the AI tool can follow "[PERSONNE_1]" from one turn to the next.
"""

import logging
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from typing import NoReturn

from anonymizer.errors import AnonymizerError

logger = logging.getLogger(__name__)

# What any placeholder looks like: "[PERSONNE_1]", "[ADRESSE_IP_12]". Bounded so a scan stays linear.
PLACEHOLDER_PATTERN = re.compile(r"\[[A-Z][A-Z0-9_]{0,39}_[1-9][0-9]{0,6}\]")
_ENTITY_TYPE_PATTERN = re.compile(r"[A-Z][A-Z0-9_]{0,39}")

DEFAULT_MAX_VALUES = 1000

# Types whose separators are cosmetic: "06 12 34 56 78" and "0612345678" are one value.
_COMPACT_TYPES = frozenset(
    {
        "TELEPHONE",
        "IBAN",
        "CARTE_BANCAIRE",
        "NIR",
        "NUMERO_FISCAL",
        "PASSEPORT",
        "CNI",
        "NUMERO_CAF",
        "IDENTIFIANT_FRANCE_TRAVAIL",
        "INE",
        "NUMERO_NATIONAL_BE",
        "PLAQUE",
        "SIRET",
        "SIREN",
    }
)


class VaultFullError(AnonymizerError):
    """A conversation has more distinct values than its vault may hold: the text must be blocked."""


def normalized_key(entity_type: str, value: str) -> str:
    """The form under which two spellings of one value are recognised as the same value.

    Names, e-mails and other text: Unicode NFKC, case and runs of whitespace ignored. Number-like
    identifiers: only letters and digits count; phone numbers are compared in international form.
    """
    text = unicodedata.normalize("NFKC", value)
    if entity_type in _COMPACT_TYPES:
        compact = _phone_key(text) if entity_type == "TELEPHONE" else None
        compact = compact or "".join(ch for ch in text if ch.isalnum()).upper()
        if compact:
            return "#" + compact
    return "~" + " ".join(text.split()).casefold()


def _phone_key(text: str) -> str | None:
    import phonenumbers  # imported on first use: the package's light import path stays light

    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Vault:
    """One conversation's placeholders and the real values behind them.

    Bounded: beyond ``max_values`` distinct values (and reserved literals) issuing raises
    :class:`VaultFullError`, so the caller blocks instead of reusing or dropping a placeholder.
    Thread-safe for one writer and concurrent readers.
    """

    __slots__ = (
        "__weakref__",
        "_aliases",
        "_counters",
        "_issued",
        "_keys",
        "_lock",
        "_longest",
        "_max_values",
        "_reserved",
    )

    def __init__(self, max_values: int = DEFAULT_MAX_VALUES) -> None:
        if max_values < 1:
            raise ValueError("max_values must be at least 1")
        self._max_values = max_values
        self._keys: dict[tuple[str, str], str] = {}
        # A later mention ("Bénédicte", "B.F.") -> the full name it stands for, and its key.
        self._aliases: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}
        self._issued: dict[str, str] = {}
        self._reserved: set[str] = set()
        self._counters: dict[str, int] = {}
        self._longest = 0
        self._lock = threading.Lock()

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder for a value: the one already issued for it, or a new one."""
        if not _ENTITY_TYPE_PATTERN.fullmatch(entity_type):
            raise ValueError(f"Invalid entity type for a placeholder: {entity_type!r}")
        key = (entity_type, normalized_key(entity_type, value))
        with self._lock:
            if key not in self._keys and key in self._aliases:
                key, value = self._aliases[key]
            existing = self._keys.get(key)
            if existing is not None:
                return existing
            self._ensure_room()
            placeholder = self._next_free(entity_type)
            self._keys[key] = placeholder
            self._issued[placeholder] = value
            self._longest = max(self._longest, len(placeholder))
            return placeholder

    def alias(self, entity_type: str, mention: str, full_value: str) -> None:
        """Make ``mention`` (a first name, a surname, initials) share ``full_value``'s placeholder.

        The placeholder is issued lazily, by whichever of the two is met first, so numbering stays
        in reading order; restoring gives back the full value. An already issued mention keeps its own.
        """
        key = (entity_type, normalized_key(entity_type, mention))
        target = (entity_type, normalized_key(entity_type, full_value))
        with self._lock:
            if key != target and key not in self._keys:
                self._aliases[key] = (target, full_value)

    def values(self, entity_type: str) -> list[str]:
        """The real values this vault issued a placeholder for, of one type (for later mentions)."""
        prefix = f"[{entity_type}_"
        with self._lock:
            return [
                v
                for p, v in self._issued.items()
                if p.startswith(prefix) and p[len(prefix) : -1].isdigit()
            ]

    def reserve_literals(self, text: str) -> None:
        """Never issue a placeholder that the text already contains literally.

        A user (or a pasted document) may write "[PERSONNE_1]"; issuing that same placeholder for a
        real name would make the answer's echo of the literal come back as the name.
        """
        literals = set(PLACEHOLDER_PATTERN.findall(text))
        with self._lock:
            for literal in literals - self._reserved - self._issued.keys():
                self._ensure_room()
                self._reserved.add(literal)

    def value_for(self, placeholder: str) -> str | None:
        """The real value behind a placeholder this vault issued, else ``None``."""
        return self._issued.get(placeholder)

    @property
    def placeholders(self) -> frozenset[str]:
        """The placeholders issued so far (reserved literals excluded)."""
        with self._lock:
            return frozenset(self._issued)

    @property
    def longest_placeholder(self) -> int:
        """Length of the longest issued placeholder (0 when none): how much a stream may hold back."""
        return self._longest

    def __len__(self) -> int:
        return len(self._issued)

    def __repr__(self) -> str:
        return f"<Vault: {len(self._issued)} placeholder(s)>"

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError("A pseudonym vault stays in memory: it cannot be pickled or copied.")

    def _ensure_room(self) -> None:
        if len(self._issued) + len(self._reserved) >= self._max_values:
            logger.warning("Pseudonym vault full (%d entries)", self._max_values)
            raise VaultFullError(
                "Trop de données différentes à pseudonymiser dans cette conversation "
                f"(limite : {self._max_values}). Commencez une nouvelle conversation."
            )

    def _next_free(self, entity_type: str) -> str:
        number = self._counters.get(entity_type, 0)
        while True:
            number += 1
            placeholder = f"[{entity_type}_{number}]"
            if placeholder not in self._reserved:
                self._counters[entity_type] = number
                return placeholder


class VaultStore:
    """The vaults of all conversations, forgotten when idle (TTL) or when too many (LRU).

    Thread-safe. ``get`` also drops the vaults that expired; call :meth:`expire` periodically to
    forget idle conversations even when no new request comes.
    """

    def __init__(
        self,
        ttl_seconds: float,
        max_conversations: int,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_values_per_vault: int = DEFAULT_MAX_VALUES,
    ) -> None:
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        if max_conversations < 1:
            raise ValueError("max_conversations must be at least 1")
        self._ttl = ttl_seconds
        self._max_conversations = max_conversations
        self._max_values = max_values_per_vault
        self._clock = clock
        self._vaults: OrderedDict[str, tuple[Vault, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_key: str) -> Vault:
        """The conversation's vault, created when new or expired; marks it as just used."""
        with self._lock:
            now = self._clock()
            self._drop_expired(now)
            entry = self._vaults.pop(conversation_key, None)
            vault = entry[0] if entry is not None else Vault(self._max_values)
            self._vaults[conversation_key] = (vault, now)
            if len(self._vaults) > self._max_conversations:
                self._vaults.popitem(last=False)
                logger.debug("Least recently used pseudonym vault dropped")
            return vault

    def expire(self) -> int:
        """Forget the vaults idle for longer than the TTL; return how many were forgotten."""
        with self._lock:
            return self._drop_expired(self._clock())

    def clear(self) -> None:
        """Forget every vault."""
        with self._lock:
            self._vaults.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._vaults)

    def _drop_expired(self, now: float) -> int:
        dropped = 0
        while self._vaults:
            _, last_used = next(iter(self._vaults.values()))
            if now - last_used < self._ttl:
                break
            self._vaults.popitem(last=False)
            dropped += 1
        if dropped:
            logger.debug("%d idle pseudonym vault(s) expired", dropped)
        return dropped
