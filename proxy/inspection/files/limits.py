"""Bounds on reading one file: a crafted document must not exhaust memory or time."""

import time
from dataclasses import dataclass, field

from proxy.inspection.files.errors import FileError


@dataclass(frozen=True, slots=True)
class FileLimits:
    """Caps applied while reading a file; going past any of them blocks the upload."""

    max_bytes: int = 25_000_000
    # ZIP containers (DOCX, XLSX, ODT, ODS): declared sizes are checked before anything is read,
    # and the stdlib never inflates an entry beyond its declared size.
    max_entries: int = 2_000
    max_unpacked_bytes: int = 150_000_000
    max_ratio: int = 200  # per entry larger than ratio_floor bytes once inflated
    ratio_floor: int = 1_000_000
    max_pages: int = 500
    max_rows: int = 200_000
    max_cells: int = 1_000_000
    max_chars: int = 1_000_000
    seconds: float = 10.0


@dataclass(slots=True)
class Budget:
    """The time and size left for one file; readers call :meth:`tick` as they go."""

    limits: FileLimits
    deadline: float = field(init=False)
    chars: int = 0
    cells: int = 0
    rows: int = 0

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.limits.seconds

    def tick(self) -> None:
        """Stop reading once the time budget is spent."""
        if time.monotonic() > self.deadline:
            raise FileError("timeout")

    def add_text(self, text: str) -> None:
        """Count extracted characters against the cap."""
        self.chars += len(text)
        if self.chars > self.limits.max_chars:
            raise FileError("too_long")

    def add_cells(self, n: int = 1) -> None:
        """Count spreadsheet cells (repeated cells included) against the cap."""
        self.cells += n
        if self.cells > self.limits.max_cells:
            raise FileError("too_long")

    def add_row(self) -> None:
        """Count spreadsheet rows and check the clock."""
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise FileError("too_long")
        if self.rows % 256 == 0:
            self.tick()
