"""``plan show``: a plan as text for people. Secrets are shown only as $ENV names."""

from __future__ import annotations

from .model import DateExtraction, Delivery, Instance, Plan, SecretRef

__all__ = ["format_plan"]

_COLUMNS = ("RESOURCE", "EVERY", "PAGE", "DELAY", "TOL", "ID", "UPDATED", "CREATED", "REQUEST")


def _secret(ref: SecretRef | None) -> str:
    if ref is None:
        return "none"
    note = "" if ref.origin == "env" else " (written in the config; not copied)"
    return f"${ref.env}{note}"


def _duration(seconds: int) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _masked_url(url: str) -> str:
    """Query values of a callback URL may be access keys (``?code=``): mask them."""
    head, sep, query = url.partition("?")
    if not sep:
        return url
    return head + "?" + "&".join(p.partition("=")[0] + "=****" for p in query.split("&"))


def _date(extraction: DateExtraction | None) -> str:
    if extraction is None:
        return "-"
    fmt = extraction.pattern if extraction.format == "pattern" else "milliseconds"
    return f"{extraction.field} [{fmt} {extraction.zone}]"


def _delivery_lines(delivery: Delivery) -> list[str]:
    auth = delivery.basic_auth
    if auth is None:
        basic = "none"
    else:
        user = auth.username if isinstance(auth.username, str) else _secret(auth.username)
        basic = f"user {user or '(empty)'}, password {_secret(auth.password)}"
    retry = delivery.retry
    return [
        f"  callback   {_masked_url(delivery.callback_url)}",
        f"  basic auth {basic}",
        f"  signature  {_secret(delivery.signature_key)}",
        f"  delivery   up to {delivery.max_events_per_notification} events per notification; "
        f"{retry.max_retries} retries backing off {retry.backoff_base_seconds:g}^n s, "
        f"then {retry.exhausted}",
    ]


def _table(instance: Instance) -> list[str]:
    rows = [_COLUMNS] + [
        (r.name, _duration(r.interval), str(r.page_size), f"{r.poll_delay}s",
         f"{r.created_check_tolerance}s", r.id_field, _date(r.updated), _date(r.created),
         f"{r.method} {r.url}")
        for r in instance.resources
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS) - 1)]
    return ["  " + "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)),
                              row[-1]]).rstrip() for row in rows]


def format_plan(plan: Plan) -> str:
    """Header, then per instance its delivery settings and a resource table."""
    count = len(plan.resources())
    lines = [f"plan version {plan.version}  {plan.hash}",
             f"{len(plan.instances)} instance(s), {count} resource(s)"]
    if plan.compiled_at:
        lines.append(f"compiled at {plan.compiled_at}")
    for instance in plan.instances:
        tags = f"  tags: {', '.join(instance.tags)}" if instance.tags else ""
        lines += ["", f"instance {instance.name} ({instance.element_key}){tags}"]
        lines += _delivery_lines(instance.delivery) + [""] + _table(instance)
    return "\n".join(lines) + "\n"
