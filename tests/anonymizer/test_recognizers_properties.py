"""Generated identifiers: every valid NIR / phone / IBAN writing is found whole; a changed key is not."""

import random
import re

import phonenumbers
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum import iban
from stdnum.fr import nir

from anonymizer.recognizers.banking import iban_recognizer
from anonymizer.recognizers.nir import nir_recognizer
from anonymizer.recognizers.phone import REGIONS, phone_recognizer

NIR_GROUPS = (1, 2, 2, 2, 3, 3, 2)


@st.composite
def nirs(draw: st.DrawFn) -> str:
    """A NIR with a right key: sex, year, month, département (incl. Corsica), commune, order."""
    sex = draw(st.sampled_from("12478"))
    year = draw(st.integers(0, 99))
    month = draw(st.integers(1, 12))
    department = draw(st.sampled_from(["2A", "2B", *(f"{d:02d}" for d in range(1, 96) if d != 20)]))
    commune = draw(st.integers(1, 999))
    order = draw(st.integers(1, 999))
    body = f"{sex}{year:02d}{month:02d}{department}{commune:03d}{order:03d}"
    return body + nir.calc_check_digits(body + "00")


def spaced(compact: str, groups: tuple[int, ...], separator: str) -> str:
    parts, position = [], 0
    for size in groups:
        parts.append(compact[position : position + size])
        position += size
    return separator.join(parts)


@settings(max_examples=200, deadline=None)
@given(value=nirs(), separator=st.sampled_from(["", " ", ".", "\u00a0"]))
def test_every_valid_nir_writing_is_found_whole(value: str, separator: str) -> None:
    written = spaced(value, NIR_GROUPS, separator)
    text = f"Son numéro est {written}, merci."
    results = nir_recognizer().analyze(text, ["NIR"], None)
    assert [(text[r.start : r.end], r.score) for r in results] == [(written, 1.0)]


@settings(max_examples=200, deadline=None)
@given(value=nirs(), shift=st.integers(1, 96))
def test_a_nir_with_a_wrong_key_is_not_reported(value: str, shift: int) -> None:
    wrong_key = f"{(int(value[13:]) + shift) % 97:02d}"
    if wrong_key == "00":  # keys run from 01 to 97
        wrong_key = "97" if value[13:] != "97" else "96"
    text = f"NIR {value[:13]}{wrong_key}"
    assert nir_recognizer().analyze(text, ["NIR"], None) == []


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from(["06", "07", "01", "02", "03", "04", "05", "09"]),
    digits=st.text("0123456789", min_size=8, max_size=8),
    style=st.sampled_from(["spaces", "dots", "dashes", "compact", "+33", "+33 (0)", "0033"]),
)
@example(
    prefix="06", digits="90000000", style="compact"
)  # Guadeloupe: once found only written compactly
@example(prefix="06", digits="90000000", style="spaces")
@example(prefix="06", digits="90000000", style="dots")
def test_french_numbers_are_found_in_every_writing(prefix: str, digits: str, style: str) -> None:
    number = prefix + digits
    pairs = re.findall("..", number)
    written = {
        "spaces": " ".join(pairs),
        "dots": ".".join(pairs),
        "dashes": "-".join(pairs),
        "compact": number,
        "+33": "+33 " + number[1] + " " + " ".join(pairs[1:]),
        "+33 (0)": "+33 (0)" + number[1] + " " + " ".join(pairs[1:]),
        "0033": "0033 " + number[1] + " " + " ".join(pairs[1:]),
    }[style]
    text = f"Appelle-la au {written} demain."
    found = [text[r.start : r.end] for r in phone_recognizer().analyze(text, ["TELEPHONE"], None)]
    # Written with an international prefix, it is a phone number even if unassigned.
    # Valid in metropolitan France or in an overseas department (0690… is Guadeloupe), in every writing.
    valid = any(
        phonenumbers.is_valid_number(phonenumbers.parse(number, region)) for region in REGIONS
    )
    if style in {"+33", "+33 (0)", "0033"} or valid:
        assert found == [written]
    else:  # an unallocated range: nothing, and never a piece of it
        assert found == []


@settings(max_examples=100, deadline=None)
@given(
    country=st.sampled_from(["FR", "BE", "DE", "ES", "IT", "NL", "GB", "CH", "LU", "PT"]),
    seed=st.randoms(use_true_random=False),
    grouped=st.booleans(),
)
def test_generated_ibans_are_found(country: str, seed: random.Random, grouped: bool) -> None:
    lengths = {
        "FR": 23,
        "BE": 12,
        "DE": 18,
        "ES": 20,
        "IT": 23,
        "NL": 14,
        "GB": 18,
        "CH": 17,
        "LU": 16,
        "PT": 21,
    }
    rng = seed
    if country == "IT":
        bban = "X" + "".join(str(rng.randint(0, 9)) for _ in range(22))
    elif country in {"NL", "GB"}:
        bban = "ABCD" + "".join(str(rng.randint(0, 9)) for _ in range(lengths[country] - 4))
    else:
        bban = "".join(str(rng.randint(0, 9)) for _ in range(lengths[country]))
    value = country + iban.calc_check_digits(country + "00" + bban) + bban
    if not iban.is_valid(value, check_country=False):
        return  # national structure not met by this draw (e.g. Belgian account key)
    written = " ".join(re.findall(".{1,4}", value)) if grouped else value
    text = f"IBAN : {written}."
    results = iban_recognizer().analyze(text, ["IBAN"], None)
    assert [(text[r.start : r.end], r.score) for r in results] == [(written, 1.0)]
