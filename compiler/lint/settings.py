"""Rule selection and lint configuration: ``[tool.sage200cfg]`` or ``.sage200cfg.toml``.

Searching upward from the start folder, the first folder holding a
``.sage200cfg.toml`` (keys at the top level) or a ``pyproject.toml`` with a
``[tool.sage200cfg]`` table wins; ``.sage200cfg.toml`` wins within a folder.
Keys: ``select``, ``ignore``, ``per-file-ignores`` (glob -> codes),
``warnings-as-errors``, ``strict`` (the rules that lose events become errors,
see ``lint/strict.py``), ``include``, ``exclude`` (globs relative to the config's
folder, see ``pathglob``). The README's "Reports and CI" shows an example.

Selectors are codes, code prefixes (``S2`` = every S2xx) or ``ALL``. When
both lists match a code, the longer (more specific) selector wins and a tie
means ignored: ``select = ["S2"]`` with ``ignore = ["S23"]`` runs S201 but not
S231; ``select = ["S231"]`` with ``ignore = ["S2"]`` runs only S231. On the
command line, ``--select`` replaces the configured list and ``--ignore`` adds
to it.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ..findings import Finding
from .pathglob import PathGlob

__all__ = [
    "CONFIG_FILE",
    "LintSettings",
    "SettingsError",
    "filter_findings",
    "find_config",
    "load_settings",
    "selector_matches",
]

CONFIG_FILE = ".sage200cfg.toml"
_KEYS = (
    "select",
    "ignore",
    "per-file-ignores",
    "warnings-as-errors",
    "strict",
    "include",
    "exclude",
)
_SELECTOR = re.compile(r"^(ALL|S\d{0,3})$")


class SettingsError(Exception):
    """The sage200cfg configuration is invalid."""

    def __init__(self, problem: str, *, source: str, key: str) -> None:
        super().__init__(f"{source}: {key}: {problem}")
        self.source, self.key, self.problem = source, key, problem


@dataclass(frozen=True)
class LintSettings:
    """Which rules run where; globs are relative to ``root`` (the config's folder)."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    warnings_as_errors: bool = False
    #: the findings that certainly lose events in production are errors
    strict: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    root: str = "."
    #: the file these settings came from (None: built-in defaults)
    source: str | None = None

    def is_enabled(self, code: str) -> bool:
        """Whether ``select``/``ignore`` turn ``code`` on."""
        return _specificity(code, self.select) > _specificity(code, self.ignore)

    def is_ignored_in(self, path: str, code: str) -> bool:
        """Whether a ``per-file-ignores`` entry switches ``code`` off for ``path``."""
        return _specificity(code, self.ignored_in(path)) >= 0

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """The selectors that ``per-file-ignores`` switch off for ``path``."""
        return tuple(
            code for glob, codes in self._per_file_globs if glob.matches(path) for code in codes
        )

    def is_path_selected(self, path: str) -> bool:
        """Whether ``include``/``exclude`` let the loader lint ``path``."""
        if any(glob.matches(path) for glob in self._exclude_globs):
            return False
        return not self._include_globs or any(g.matches(path) for g in self._include_globs)

    def with_cli(
        self,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        warnings_as_errors: bool | None = None,
        strict: bool | None = None,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] = (),
        known_codes: Collection[str] | None = None,
    ) -> LintSettings:
        """These settings overridden by command-line options (see module doc).

        ``include``, like ``select``, replaces the configured list when given;
        ``exclude``, like ``ignore``, adds to it.
        """
        if select is not None:
            select = _selectors(list(select), "command line", "--select", known_codes)
        more_ignores = _selectors(list(ignore), "command line", "--ignore", known_codes)
        return replace(
            self,
            select=self.select if select is None else tuple(select),
            ignore=self.ignore + tuple(more_ignores),
            warnings_as_errors=(
                self.warnings_as_errors if warnings_as_errors is None else warnings_as_errors
            ),
            strict=self.strict if strict is None else strict,
            include=self.include if include is None else tuple(include),
            exclude=self.exclude + tuple(exclude),
        )

    @cached_property
    def _per_file_globs(self) -> list[tuple[PathGlob, tuple[str, ...]]]:
        return [(PathGlob(pattern, self.root), codes) for pattern, codes in self.per_file_ignores]

    @cached_property
    def _include_globs(self) -> list[PathGlob]:
        return [PathGlob(pattern, self.root) for pattern in self.include]

    @cached_property
    def _exclude_globs(self) -> list[PathGlob]:
        return [PathGlob(pattern, self.root) for pattern in self.exclude]


def filter_findings(findings: Iterable[Finding], settings: LintSettings) -> list[Finding]:
    """The findings the settings keep, sorted."""
    # Match globs once per file and selectors once per code: a run has many
    # findings but few distinct files and codes.
    enabled: dict[str, bool] = {}
    ignored: dict[str, tuple[str, ...]] = {}
    kept = []
    for finding in findings:
        code, path = finding.code, finding.file
        if code not in enabled:
            enabled[code] = settings.is_enabled(code)
        if path not in ignored:
            ignored[path] = settings.ignored_in(path)
        if enabled[code] and _specificity(code, ignored[path]) < 0:
            kept.append(finding)
    return sorted(kept)


def selector_matches(selector: str, code: str) -> bool:
    """``ALL`` matches every code; otherwise a selector is a code prefix."""
    return selector == "ALL" or code.startswith(selector)


def _specificity(code: str, selectors: Iterable[str]) -> int:
    """How specific the best matching selector is (-1: none matches)."""
    best = -1
    for selector in selectors:
        if selector_matches(selector, code):
            best = max(best, 0 if selector == "ALL" else len(selector))
    return best


def find_config(start: str | os.PathLike[str] = ".") -> Path | None:
    """The nearest config file at or above ``start`` (see module doc)."""
    folder = Path(start).absolute()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _tool_table(_read_toml(pyproject)) is not None:
            return pyproject
    return None


def load_settings(
    start: str | os.PathLike[str] = ".",
    *,
    config_file: str | os.PathLike[str] | None = None,
    known_codes: Collection[str] | None = None,
) -> LintSettings:
    """Settings from ``config_file``, else the nearest config, else the defaults.

    ``known_codes`` (the registry's codes) turns a selector that matches no
    rule into a :class:`SettingsError` instead of a silent no-op.
    """
    path = Path(config_file) if config_file is not None else find_config(start)
    if path is None:
        return LintSettings(root=str(Path(start).absolute()))
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table, prefix = _tool_table(data) or {}, "tool.sage200cfg."
    else:
        table, prefix = data, ""
    return _parse(table, source=str(path), prefix=prefix, known_codes=known_codes)


def _tool_table(pyproject: dict[str, Any]) -> Any:
    """``[tool.sage200cfg]`` of a parsed pyproject.toml, or None."""
    tool = pyproject.get("tool")
    return tool.get("sage200cfg") if isinstance(tool, dict) else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"not valid TOML ({error})", source=str(path), key="file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read ({error})", source=str(path), key="file") from None


def _parse(
    table: Any, *, source: str, prefix: str, known_codes: Collection[str] | None
) -> LintSettings:
    if not isinstance(table, dict):
        raise SettingsError("expected a table", source=source, key=prefix.rstrip(".") or "file")
    for key in table:
        if key not in _KEYS:
            hint = "; in .sage200cfg.toml the keys go at the top level" if key == "tool" else ""
            close = difflib.get_close_matches(key.replace("_", "-"), _KEYS, n=1)
            hint = hint or (f"; did you mean {close[0]!r}?" if close else "")
            raise SettingsError(f"unknown key{hint}", source=source, key=prefix + key)

    def strings(key: str) -> tuple[str, ...]:
        return tuple(_strings(table.get(key, []), source, prefix + key))

    def codes(key: str, value: Any) -> tuple[str, ...]:
        return tuple(_selectors(_strings(value, source, key), source, key, known_codes))

    for flag in ("warnings-as-errors", "strict"):
        if not isinstance(table.get(flag, False), bool):
            raise SettingsError("expected true or false", source=source, key=prefix + flag)
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        key = prefix + "per-file-ignores"
        raise SettingsError("expected a table of glob = [codes]", source=source, key=key)
    return LintSettings(
        select=codes(prefix + "select", table.get("select", ["ALL"])),
        ignore=codes(prefix + "ignore", table.get("ignore", [])),
        per_file_ignores=tuple(
            (glob, codes(f'{prefix}per-file-ignores."{glob}"', value))
            for glob, value in per_file.items()
        ),
        warnings_as_errors=table.get("warnings-as-errors", False),
        strict=table.get("strict", False),
        include=strings("include"),
        exclude=strings("exclude"),
        root=str(Path(source).absolute().parent),
        source=source,
    )


def _strings(value: Any, source: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsError("expected a list of strings", source=source, key=key)
    return value


def _selectors(
    values: list[str], source: str, key: str, known_codes: Collection[str] | None
) -> list[str]:
    selectors = [value.strip().upper() for value in values]
    for selector in selectors:
        if not _SELECTOR.match(selector):
            problem = f"{selector!r} is not a rule code or prefix (e.g. S201, S2, ALL)"
            raise SettingsError(problem, source=source, key=key)
        if known_codes is not None and not any(selector_matches(selector, c) for c in known_codes):
            raise SettingsError(f"{selector!r} matches no rule", source=source, key=key)
    return selectors
