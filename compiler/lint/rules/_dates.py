"""Shared date-pattern checks for the S21x/S23x/S24x rules (not a rule itself).

The date engine answers per pattern string; answers are cached because the
same few patterns repeat across every block of every file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from ...datefmt import zones
from ...datefmt.traps import Trap
from ...datefmt.traps import traps as find_traps
from ...datefmt.validate import Problem, validate
from ...findings import Edit, Fix
from ..context import LintContext, ResourceBlock, Violation
from ._sites import PatternSite, block_memo, block_sites, run_length

__all__ = ["describe", "is_utc", "letter_fix", "problems", "trap_check", "traps"]


@lru_cache(maxsize=4096)
def traps(pattern: str) -> tuple[Trap, ...]:
    return tuple(find_traps(pattern))


@lru_cache(maxsize=4096)
def problems(pattern: str) -> tuple[Problem, ...]:
    return tuple(validate(pattern))


@lru_cache(maxsize=1024)
def is_utc(zone: str | None) -> bool:
    """Whether Java reads ``zone`` as UTC (None is the poller's default, UTC)."""
    if zone is None:
        return True
    resolved = zones.resolve(zone.strip())  # unknown IDs fall back to GMT, as in Java
    return resolved.raw_offset_ms == 0 and resolved.dst_savings_ms == 0


def describe(site: PatternSite) -> str:
    if site.is_placeholder:
        return f"in the placeholder `{site.label}`"
    return f"in {site.label} `{site.pattern}`"


def letter_fix(site: PatternSite, position: int, letter: str, safe: bool) -> Fix:
    """Replace the run of one pattern letter at ``position`` with ``letter`` (same length)."""
    count = run_length(site.pattern, position)
    new = letter * count
    old = site.pattern[position : position + count]
    edit = Edit(site.pointer, site.replaced(position, count, new))
    return Fix(f"Write `{new}` for `{old}`", (edit,), safe=safe)


FixMaker = Callable[[PatternSite, Trap], Fix | None]


def _traps_by_kind(block: ResourceBlock) -> dict[str, list[tuple[PatternSite, Trap]]]:
    index: dict[str, list[tuple[PatternSite, Trap]]] = {}
    for site in block_sites(block):
        for trap in traps(site.pattern):
            index.setdefault(trap.kind, []).append((site, trap))
    return index


def trap_check(
    kind: str,
    fix: FixMaker | None = None,
    applies: Callable[[PatternSite], bool] | None = None,
) -> Callable[[LintContext, ResourceBlock], Iterator[Violation]]:
    """A block check reporting each trap of ``kind`` in record formats and URL placeholders."""

    def check_block(_: LintContext, block: ResourceBlock) -> Iterator[Violation]:
        # The seven trap rules share one pass over the block's patterns.
        for site, trap in block_memo(block, "traps", _traps_by_kind).get(kind, ()):
            if applies is not None and not applies(site):
                continue
            yield Violation(
                site.pointer,
                f"{describe(site)}, {trap.message}",
                fix=fix(site, trap) if fix is not None else None,
                offset=site.start + trap.position,
            )

    return check_block
