"""Preview the requests a plan sends for a given last-poll time.

Everything here goes through :meth:`~.plan.Resource.request_url`, the same
code the runtime uses, so what ``sage200cfg render`` shows is what goes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .model import Instance, Plan, Resource

__all__ = ["RenderedRequest", "format_requests", "parse_instant", "render_requests", "select"]


@dataclass(frozen=True)
class RenderedRequest:
    """One first-page request: its encoded URL and the decoded query params."""

    instance: str
    resource: str
    method: str
    url: str
    params: tuple[tuple[str, str], ...]
    placeholder_time: datetime
    poll_delay: int


def parse_instant(text: str | None) -> datetime:
    """ISO 8601 (``2026-01-01T00:00:00Z``); a time without a zone is taken as UTC.

    None is now, to the second: ``render`` without ``--at``.
    """
    if text is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 time such as 2026-01-01T00:00:00Z") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def select(plan: Plan, name: str | None) -> list[tuple[Instance, Resource]]:
    """Resources named ``name`` (``resource`` or ``instance/resource``); all when None."""
    pairs = plan.resources()
    if name is None:
        return pairs
    chosen = [(i, r) for i, r in pairs if name in (r.name, f"{i.name}/{r.name}")]
    if not chosen:
        known = ", ".join(f"{i.name}/{r.name}" for i, r in pairs) or "none"
        raise KeyError(f"no resource {name!r} in the plan; it has: {known}")
    return chosen


def render_requests(
    pairs: Sequence[tuple[Instance, Resource]], last_poll: datetime
) -> list[RenderedRequest]:
    """The first-page request of each resource, as if the last poll was ``last_poll``."""
    return [
        RenderedRequest(
            instance.name, resource.name, resource.method, resource.request_url(last_poll),
            tuple(resource.query_values(last_poll)),
            resource.placeholder_instant(last_poll), resource.poll_delay,
        )
        for instance, resource in pairs
    ]


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def format_requests(requests: Sequence[RenderedRequest], base_url: str = "") -> str:
    """Readable text: per resource the encoded request, then each decoded param."""
    blocks = []
    for req in requests:
        when = _iso(req.placeholder_time)
        if req.poll_delay:
            when += f" (last poll minus pollDelay {req.poll_delay}s)"
        lines = [f"{req.instance}/{req.resource}  placeholders at {when}",
                 f"  {req.method} {base_url.rstrip('/')}{req.url}"]
        lines += [f"  {name}={value}" for name, value in req.params]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""
