"""The HTML report printed to PDF by a local Chromium, for a board meeting.

The HTML report is already laid out for print and for phones; a browser's own print engine turns
it into a faithful PDF without another layout library. Chromium runs headless on a file of this
computer, with its background networking off: garde-ia still makes no network call of its own.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
)
PRINT_SECONDS = 120


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why in French and what to do."""


def find_browser() -> str | None:
    """The first Chromium-family browser on the PATH."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: str, out: Path) -> None:
    """Write ``html`` as a PDF to ``out`` (replaced only once the PDF is complete)."""
    browser = find_browser()
    if browser is None:
        raise PdfError(
            "aucun navigateur Chromium trouvé pour imprimer le PDF (paquet Debian « chromium »). "
            "Sinon : --format html, puis « Imprimer » dans le navigateur."
        )
    with tempfile.TemporaryDirectory(prefix="garde-ia-pdf-") as work:
        page, pdf = Path(work) / "rapport.html", Path(work) / "rapport.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser, "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            f"--user-data-dir={Path(work) / 'profil'}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", page.as_uri(),
        ]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            subprocess.run(command, capture_output=True, timeout=PRINT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PdfError(
                f"le navigateur n'a pas pu imprimer le PDF ({type(error).__name__})."
            ) from error
        if not pdf.exists() or not pdf.read_bytes().startswith(b"%PDF"):
            raise PdfError(
                "le navigateur n'a pas produit de PDF ; essayez --format html puis « Imprimer »."
            )
        shutil.move(pdf, out)
