"""Why generation failed: one exception per cause, each with its S3xx code.

    GenerateError                  generation failed (exit status 2)
    +-- UnknownResource     S301   the catalog does not serve that resource
    +-- NotPollable         S302   the resource has no updated field or no GET list
    +-- TemplateFailed      S303   a template has a syntax error, an undefined name or is unsafe
    +-- TemplateOutputInvalid S304 a template rendered something that is not a JSON object
    +-- IntoRefused         S305   --into cannot add the block (exists, no poller object, ...)
    +-- LintFailed          S306   the generated or edited config has lint errors (exit status 1)
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..catalog import Catalog, CatalogResource
    from ..findings import Finding

__all__ = [
    "GenerateError",
    "LintFailed",
        "IntoRefused",
    "NotPollable",
    "TemplateFailed",
    "TemplateOutputInvalid",
    "UnknownResource",
]


class GenerateError(Exception):
    """Generation failed."""

    code = "S300"
    exit_status = 2

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.__doc__ or "")

    @property
    def message(self) -> str:
        return str(self)


class UnknownResource(GenerateError):
    """The catalog does not serve that resource."""

    code = "S301"

    def __init__(self, name: str, catalog: Catalog) -> None:
        self.name = name
        self.suggestions = catalog.suggest(name)
        served = ", ".join(p for p, r in catalog.resources.items() if r.pollable)
        hint = f"; did you mean {' or '.join(repr(s) for s in self.suggestions)}?"
        message = f"unknown resource {name!r}{hint if self.suggestions else ''}"
        super().__init__(f"{message}\nresources the sage200 catalog can poll: {served}")


class NotPollable(GenerateError):
    """The resource cannot be polled by date."""

    code = "S302"

    def __init__(self, resource: CatalogResource) -> None:
        why = resource.notes or "it has no updated-date field"
        super().__init__(f"{resource.hub_path!r} cannot be polled by date: {why}")


class TemplateFailed(GenerateError):
    """A template could not be rendered."""

    code = "S303"

    def __init__(self, template: str, exc: Exception) -> None:
        filename, line = _template_position(template, exc)
        super().__init__(f"{filename}:{line}:1: {type(exc).__name__}: {exc}")


def _template_position(template: str, exc: Exception) -> tuple[str, int]:
    """Where in the template it failed: Jinja rewrites tracebacks to template lines."""
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    if filename and line:
        return filename, line
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return template, frame.lineno or 1
        if frame.filename.endswith(template):
            return frame.filename, frame.lineno or 1
    return template, 1


class TemplateOutputInvalid(GenerateError):
    """A template rendered something other than a JSON object."""

    code = "S304"

    def __init__(self, template: str, problem: str) -> None:
        super().__init__(f"{template}: {problem}")


class IntoRefused(GenerateError):
    """The block cannot be added to that file."""

    code = "S305"


class LintFailed(GenerateError):
    """The generated config has lint errors."""

    code = "S306"
    exit_status = 1

    def __init__(self, findings: Sequence[Finding], what: str | None = None) -> None:
        self.findings = list(findings)
        lines = [f"  {f.code} {f.pointer}: {f.message}" for f in self.findings]
        super().__init__("\n".join([what or self.__doc__ or "", *lines]))
