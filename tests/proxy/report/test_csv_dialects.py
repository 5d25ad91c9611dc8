"""Figures as a French spreadsheet reads them: never an exponent, a decimal comma, semicolons."""

import pytest

from proxy.report.render_csv import plain_decimal


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (3.39906e-06, "0.00000339906"),
        (0.000123456789, "0.000123457"),
        (1540.0, "1540"),
        (12.5, "12.5"),
        (2.5e12, "2500000000000"),
        (0.0, "0"),
    ],
)
def test_plain_decimal_never_writes_an_exponent(value: float, written: str) -> None:
    assert plain_decimal(value) == written
