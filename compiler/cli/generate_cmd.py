"""``sage200cfg generate``: polling blocks from the catalog, printed or added to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._app import app

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..findings import Finding
    from ..generate.blocks import BlockOptions

_NUMBER = {"min": 0, "max": 86_400}
_CALLBACK = "https://events.example.com/sage200"


def block_options(
    placeholder: str, comparison: str, poll_delay: int | None, page_size: int | None,
    created_check_tolerance: int | None,
) -> BlockOptions:
    """Validated ``BlockOptions`` (shared with ``init``); bad values exit 2."""
    from ..generate.blocks import BlockOptions

    if placeholder not in ("gmtDate", "date"):
        raise typer.BadParameter("must be gmtDate or date", param_hint="--placeholder")
    if comparison not in (">=", ">"):
        raise typer.BadParameter("must be >= or >", param_hint="--comparison")
    if created_check_tolerance is None:  # Sage 200 needs a few seconds (lint S262)
        return BlockOptions(placeholder, comparison, poll_delay, page_size)
    return BlockOptions(placeholder, comparison, poll_delay, page_size, created_check_tolerance)


def fail(exc: Exception) -> typer.Exit:
    """Print a generation error as ``CODE message`` on stderr; the exit to raise."""
    code = getattr(exc, "code", "S300")
    typer.echo(f"error: {code} {exc}", err=True)
    return typer.Exit(getattr(exc, "exit_status", 2))


def warn(findings: Sequence[Finding]) -> None:
    """Lint warnings on generated output go to stderr; they never block it."""
    for f in findings:
        typer.echo(f"{f.severity.value}: {f.code} {f.pointer}: {f.message}", err=True)


Placeholder = Annotated[
    str, typer.Option(help="URL placeholder: gmtDate (UTC, recommended) or date (server zone).")
]
Comparison = Annotated[
    str, typer.Option(help="Where-clause comparison; >= keeps records updated in the same second.")
]
PollDelay = Annotated[
    int | None, typer.Option(help="pollDelay seconds (subtracted from the last poll).", **_NUMBER)
]
PageSize = Annotated[int | None, typer.Option(help="pageSize records per page.", min=1, max=5000)]
Tolerance = Annotated[
    int | None,
    typer.Option(help="createdCheckTolerance seconds (CREATED vs UPDATED); default 5, as one "
                 "Sage 200 save stamps created and updated seconds apart.", **_NUMBER),
]
Templates = Annotated[
    Path | None,
    typer.Option(help="Folder of your own templates (sandboxed); bundled ones fill the gaps.",
                 exists=True, file_okay=False),
]
Fmt = Annotated[str, typer.Option("--format", "-f", help="Output format: json or yaml.")]


@app.command("generate")
def generate_command(
    resource: Annotated[
        list[str] | None, typer.Option("--resource", "-r", help="Hub resource, e.g. customers.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every pollable catalog resource.")] = False,
    fmt: Fmt = "json",
    placeholder: Placeholder = "gmtDate",
    comparison: Comparison = ">=",
    poll_delay: PollDelay = None,
    page_size: PageSize = None,
    created_check_tolerance: Tolerance = None,
    interval: Annotated[
        int | None,
        typer.Option(help="Also print a whole config with this refresh interval (minutes).", min=1),
    ] = None,
    templates: Templates = None,
    into: Annotated[
        Path | None, typer.Option(help="Add the blocks to this JSON/YAML config, in place.")
    ] = None,
    force: Annotated[bool, typer.Option(help="With --into: replace existing blocks.")] = False,
) -> None:
    """Print polling blocks for catalog resources (a map: resource key -> block).

    Exit status: 0 ok, 1 --into would add lint errors, 2 usage error (unknown
    resource, bad template, file refused). Files are written atomically.
    """
    from ..generate.blocks import Generator, InstanceOptions, check, dump, wrap
    from ..generate.errors import GenerateError

    if fmt not in ("json", "yaml"):
        raise typer.BadParameter("must be json or yaml", param_hint="--format")
    if not resource and not all_:
        raise typer.BadParameter(
            "give --resource NAME (repeatable) or --all", param_hint="--resource"
        )
    options = block_options(placeholder, comparison, poll_delay, page_size, created_check_tolerance)
    try:
        gen = Generator(templates)
        names = gen.pollable() if all_ else list(dict.fromkeys(resource or []))
        blocks = gen.blocks(names, options)
        if into is not None:
            _into(into, blocks, force)
            return
        if interval is None:
            warn(check(wrap(blocks)))
            typer.echo(dump(blocks, fmt), nl=False)
            return
        whole = InstanceOptions("sage200-polling", "Company", _CALLBACK, interval)
        config = gen.instance(names, options, whole)
        warn(check(config))
        typer.echo(dump(config, fmt), nl=False)
        typer.echo("edit name, company.name and the callback URL (or use init)", err=True)
    except GenerateError as exc:
        raise fail(exc) from None


def _into(path: Path, blocks: Mapping[str, object], force: bool) -> None:
    from ..edit.fixes import unified_diff
    from ..generate.into import add_blocks_to_file

    old = add_blocks_to_file(path, blocks, force=force)
    new = path.read_text(encoding="utf-8")
    typer.echo(unified_diff(str(path), old, new), nl=False)
    typer.echo(f"added {', '.join(blocks)} to {path}", err=True)
