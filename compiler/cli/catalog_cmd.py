"""``sage200cfg catalog [NAME]``: browse the Sage 200 resources and their fields."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app


@app.command("catalog")
def catalog_command(
    name: Annotated[
        str | None, typer.Argument(help="A resource, e.g. customers or products/prices.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the Sage 200 resources, or one resource with its fields.

    Exit status: 0 printed, 2 unknown resource or format.
    """
    from ..generate.catalog_view import UnknownCatalogResource, catalog_listing, resource_details

    if fmt not in ("text", "json"):
        typer.echo(f"error: unknown format {fmt!r}; choose text or json", err=True)
        raise typer.Exit(2)
    try:
        text = catalog_listing(fmt) if name is None else resource_details(name, fmt)
    except UnknownCatalogResource as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(text, nl=False)
