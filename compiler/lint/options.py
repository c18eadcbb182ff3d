"""What ``sage200cfg lint`` was asked to do, as a value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LintOptions", "split_codes"]


@dataclass(frozen=True)
class LintOptions:
    paths: Sequence[str] = (".",)
    fmt: str = "text"
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    warnings_as_errors: bool | None = None
    strict: bool | None = None
    verbose: bool = False
    exit_zero: bool = False
    config: str | None = None
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    color: bool | None = None  # None: only on a terminal
    output: str | None = None
    stdin_filename: str | None = None
    base_dir: str | None = None  # SARIF URIs; None: the git root or the working directory
    transport: str = "hub"  #: "sage200": also the native transport's checks (S411-S413)


def split_codes(values: Sequence[str] | None) -> list[str] | None:
    """``--select S2,S231 --select S9`` -> ``["S2", "S231", "S9"]`` (None when not given)."""
    if values is None:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]
