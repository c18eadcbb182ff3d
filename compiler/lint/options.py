"""What ``sage200cfg lint`` was asked to do, as a value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LintOptions"]


@dataclass(frozen=True)
class LintOptions:
    paths: Sequence[str] = (".",)
    fmt: str = "text"
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    warnings_as_errors: bool | None = None
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
