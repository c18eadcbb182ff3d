"""Compiling and rendering for the native transport (``--transport sage200``).

The plan is the same for both transports; ``sage200`` adds checks (S411 not
natively pollable, naming what to poll instead; S412 no ``$filter`` form;
S413 no key paging; ``pageSize`` above Sage's 5,000 is already S104) and a
preview of the native requests. Both go through the runtime's own translation
(:func:`~..runtime.transports.native_query.native_query`), so what compile
accepts and ``render`` shows is what ``run --transport sage200`` sends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import unquote

from ..plan.model import Instance, Resource
from ..pointer import join
from ..runtime.transports.native_query import NativeRefusal, native_query
from .parsing import CompileProblem

__all__ = ["TRANSPORTS", "native_code", "native_problems", "render_native"]

TRANSPORTS = ("hub", "sage200")
_CODES = {"pollable": "S411", "filter": "S412", "paging": "S413"}


def native_code(refusal: NativeRefusal) -> str:
    """The code (S411-S413) of a resource the native transport refuses."""
    return _CODES[refusal.kind]


def native_problems(instance: Instance, poller_pointer: str) -> list[CompileProblem]:
    """What stops (or changes) each resource of ``instance`` on the native transport."""
    problems: list[CompileProblem] = []
    for resource in instance.resources:
        pointer = join(poller_pointer, resource.name)
        try:
            native_query(resource)
        except NativeRefusal as exc:
            where = "/idField" if exc.kind == "paging" else "/url"
            problems.append(CompileProblem(pointer + where, native_code(exc), str(exc)))
    return problems


def render_native(pairs: Sequence[tuple[Instance, Resource]], last_poll: datetime,
                  api_url: str) -> str:
    """The first native request of each resource, with secrets and per-run ids redacted.

    Raises :class:`NativeRefusal` for the first resource with no native form.
    """
    blocks = []
    for instance, resource in pairs:
        query = native_query(resource)
        instant = resource.placeholder_instant(last_poll)
        encoded = query.query(instant, None)
        when = instant.astimezone(UTC).isoformat().replace("+00:00", "Z")
        lines = [f"{instance.name}/{resource.name}  placeholders at {when}",
                 f"  GET {api_url.rstrip('/')}/{query.collection}?{encoded}"]
        lines += [f"  {pair.split('=', 1)[0]}={unquote(pair.split('=', 1)[1])}"
                  for pair in encoded.split("&")]
        lines += ["  Authorization: Bearer ***",
                  "  X-Site: <site_id of company, from GET /sites at run time>",
                  "  X-Company: <company_id of company, from GET /sites at run time>"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""
