"""Text layer of a PDF, page by page, with pypdf; a PDF without text (a scan) is unreadable."""

import io
import logging
from dataclasses import dataclass

from pypdf import PasswordType, PdfReader

from proxy.inspection.files.errors import FileError
from proxy.inspection.files.kinds import FileKind
from proxy.inspection.files.limits import Budget

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PdfText:
    """The text of a PDF, or why it has none (``encrypted`` or ``pdf_scan``)."""

    kind: FileKind
    text: str | None


def _open(data: bytes) -> PdfReader | None:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        return None  # a password is needed: the content cannot be read
    return reader


def pdf_text(data: bytes, budget: Budget) -> PdfText:
    """The text of every page (encrypted PDFs and PDFs without any text are unreadable)."""
    try:
        reader = _open(data)
        if reader is None:
            return PdfText("encrypted", None)
        pages = len(reader.pages)
    except FileError:
        raise
    except Exception as error:  # pypdf raises many types on crafted input: all mean unreadable
        raise FileError("malformed") from error
    if pages == 0:
        raise FileError("malformed")
    if pages > budget.limits.max_pages:
        raise FileError("too_long")
    texts = []
    for number in range(pages):
        budget.tick()
        try:
            text = reader.pages[number].extract_text()
        except Exception as error:
            raise FileError("malformed") from error
        budget.add_text(text)
        texts.append(text)
    joined = "\n\n".join(texts)
    if not joined.strip():
        return PdfText("pdf_scan", None)
    return PdfText("pdf", joined)
