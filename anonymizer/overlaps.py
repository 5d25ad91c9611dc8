"""Overlapping findings become one: the union of their spans, typed after the longest.

Keeping only the "best" of two overlapping findings can leave part of a value readable
(a name inside an address, a phone inside a longer number); the union leaves nothing behind.
"""

from collections.abc import Iterable

from anonymizer.decision import Finding


def merge_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Non-overlapping findings covering every character any input finding covered."""
    merged: list[list[Finding]] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged and finding.start < max(f.end for f in merged[-1]):
            merged[-1].append(finding)
        else:
            merged.append([finding])
    return [_union(group) for group in merged]


def _union(group: list[Finding]) -> Finding:
    longest = max(group, key=lambda f: (f.end - f.start, f.score))
    return Finding(
        longest.type,
        min(f.start for f in group),
        max(f.end for f in group),
        max(f.score for f in group),
    )
