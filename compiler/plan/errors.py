"""Why a plan cannot be read."""

from __future__ import annotations

__all__ = ["PlanError", "PlanHashError", "PlanSchemaError", "PlanVersionError"]


# PlanError (ValueError)
#  ├── PlanVersionError   unknown ``version``
#  ├── PlanSchemaError    does not match plan.schema.json (or is not JSON)
#  └── PlanHashError      content hash mismatch: edited by hand
class PlanError(ValueError):
    """This is not a usable sage200cfg plan."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class PlanVersionError(PlanError):
    """The plan was written by an incompatible sage200cfg version; recompile it."""


class PlanSchemaError(PlanError):
    """The plan does not match plan.schema.json."""


class PlanHashError(PlanError):
    """The plan's content does not match its hash: it was edited after compiling (recompile it)."""
