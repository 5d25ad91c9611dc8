"""Read the report's CSV as a French spreadsheet would: BOM, semicolons, decimal commas."""

import csv
import io


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a report CSV in garde-ia's default French dialect."""
    assert text.startswith("\ufeff"), "the French CSV starts with a byte order mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
