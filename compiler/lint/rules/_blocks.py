"""Run the block-level checks of every S2xx rule in one pass, and remember the results.

Not a rule. A block check (``@block_check(CODE)``) depends only on the element
and the block itself: its key, which fixes its JSON Pointer, and its content.
Config repos repeat the same blocks in thousands of files, so the violations of
a block seen before are reused. A check that raised re-raises from its own
rule's ``check()``, so the engine blames the right rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..context import LintContext, ResourceBlock, Violation

__all__ = ["BlockCheck", "block_check", "per_block"]


def _frozen(value: Any) -> Any:
    """A hashable twin of a parsed JSON value (exact type checks: this runs per block)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or value is None:
        return value
    if kind is bool:
        return ("<bool>", value)  # True == 1 as a dict key; the rules tell them apart
    if kind is dict or isinstance(value, Mapping):
        return tuple([(k, v if type(v) is str else _frozen(v)) for k, v in value.items()])
    if kind is list:
        return ("<list>", *[_frozen(v) for v in value])
    return value


BlockCheck = Callable[[LintContext, ResourceBlock], Iterable[Violation]]

_CHECKS: dict[str, BlockCheck] = {}
_FIDS: dict[Any, int] = {}
_RESULTS: dict[int, dict[str, tuple[Violation, ...] | Exception]] = {}
_LIMIT = 100_000  # distinct blocks remembered; a cleared cache only costs recomputation


def block_check(code: str) -> Callable[[BlockCheck], BlockCheck]:
    """Register a rule's per-block check, so ``per_block`` can run them all in one pass."""

    def register(check: BlockCheck) -> BlockCheck:
        _CHECKS[code] = check
        return check

    return register


def _fid(ctx: LintContext, block: ResourceBlock) -> int | None:
    try:
        key = (ctx.element_key, id(ctx.catalog), block.key, _frozen(block.data))
        return _FIDS.setdefault(key, len(_FIDS))
    except (TypeError, RecursionError):  # an odd or very deep value: check it uncached
        return None


def _run(ctx: LintContext, block: ResourceBlock) -> dict[str, tuple[Violation, ...] | Exception]:
    found: dict[str, tuple[Violation, ...] | Exception] = {}
    for code, check in _CHECKS.items():
        try:
            violations = tuple(check(ctx, block))
        except Exception as exc:  # noqa: BLE001 - re-raised by that rule's own check()
            found[code] = exc
        else:
            if violations:
                found[code] = violations
    return found


def _all_blocks(ctx: LintContext) -> dict[str, list[Violation] | Exception]:
    if len(_FIDS) > _LIMIT:
        _FIDS.clear()
        _RESULTS.clear()
    by_code: dict[str, list[Violation] | Exception] = {}
    for block in ctx.blocks():
        fid = _fid(ctx, block)
        found = _RESULTS.get(fid) if fid is not None else None
        if found is None:
            found = _run(ctx, block)
            if fid is not None:
                _RESULTS[fid] = found
        for code, result in found.items():
            into = by_code.setdefault(code, [])
            if isinstance(into, list):
                if isinstance(result, Exception):
                    by_code[code] = result  # the first failure wins
                else:
                    into.extend(result)
    return by_code


def per_block(ctx: LintContext, code: str) -> Iterator[Violation]:
    """The violations of the block check registered for ``code``, over every block."""
    result = ctx.memo("s2xx.blocks", _all_blocks).get(code, [])
    if isinstance(result, Exception):
        raise result
    return iter(result)
