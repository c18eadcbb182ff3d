"""``sage200cfg rules``, ``sage200cfg rule CODE`` and ``sage200cfg schema``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..report.escape import printable
from ._app import app

if TYPE_CHECKING:
    from ..codes import RuleDoc


def _all_docs() -> dict[str, RuleDoc]:
    from ..registry import all_docs

    return all_docs()


@app.command("rules")
def rules_command() -> None:
    """List every code with its name, severity and summary."""
    for doc in _all_docs().values():
        line = f"{doc.code}  {doc.name:<34} {doc.severity.value:<8} {doc.summary}"
        typer.echo(printable(line))


@app.command("rule")
def rule_command(code: Annotated[str, typer.Argument(help="A code such as S201.")]) -> None:
    """Print the documentation of one code: summary, why, bad and good examples."""
    docs = _all_docs()
    doc = docs.get(code.upper())
    if doc is None:
        import difflib

        names = {d.name: c for c, d in docs.items()}
        close = difflib.get_close_matches(code, [*docs, *names], n=1)
        hint = f" Did you mean {names.get(close[0], close[0])}?" if close else ""
        typer.echo(f"error: unknown rule {code!r}.{hint} `sage200cfg rules` lists them.", err=True)
        raise typer.Exit(2)
    typer.echo(printable(f"{doc.code} {doc.name} [{doc.severity.value}]") + "\n")
    typer.echo(printable(doc.text, multiline=True))


@app.command("schema")
def schema_command(
    name: Annotated[str, typer.Argument(help="instance, plan or catalog.")] = "instance",
) -> None:
    """Print a bundled JSON Schema (for editors: VS Code, yaml-language-server)."""
    from ..resources import schema_text

    files = {"instance": "instance.schema.json", "plan": "plan.schema.json"}
    files["catalog"] = "catalog.schema.json"
    if name not in files:
        typer.echo(f"error: unknown schema {name!r}; choose one of: {', '.join(files)}", err=True)
        raise typer.Exit(2)
    typer.echo(schema_text(files[name]), nl=False)
