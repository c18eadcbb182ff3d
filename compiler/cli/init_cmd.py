"""``sage200cfg init``: scaffold a whole sage200 instance config.

Interactive on a terminal (typer prompts fill what flags left out), flag-driven
otherwise. Secrets are never asked for: they are written as ``${env:NAME}``
references named after the instance (``--env-prefix`` overrides), and what
``compile`` and ``run`` will read from the environment is listed on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from .generate_cmd import (
    Comparison,
    PageSize,
    Placeholder,
    PollDelay,
    Templates,
    Tolerance,
    block_options,
    fail,
    warn,
)

_DEFAULT_RESOURCES = ("customers",)


def _ask(value: str | None, prompt: str, interactive: bool, flag: str) -> str:
    if value is not None:
        return value
    if not interactive:
        raise typer.BadParameter(f"required without a terminal ({prompt})", param_hint=flag)
    answer: str = typer.prompt(prompt)
    return answer


def _ask_resources(given: list[str] | None, interactive: bool) -> list[str]:
    if given:
        return list(dict.fromkeys(given))
    if not interactive:
        return list(_DEFAULT_RESOURCES)
    answer: str = typer.prompt("Resources to poll (comma separated)", default="customers")
    return [name.strip() for name in answer.split(",") if name.strip()]


@app.command("init")
def init_command(
    name: Annotated[str | None, typer.Option(help="Instance name.")] = None,
    company_name: Annotated[str | None, typer.Option(help="Sage 200 company.name.")] = None,
    callback_url: Annotated[str | None, typer.Option(help="Where events are POSTed.")] = None,
    resource: Annotated[
        list[str] | None, typer.Option("--resource", "-r", help="Resource to poll (repeatable).")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Poll every pollable resource.")] = False,
    interval: Annotated[int, typer.Option(help="Refresh interval, minutes.", min=1)] = 15,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeatable).")] = None,
    env_prefix: Annotated[
        str | None,
        typer.Option(help="Prefix of the ${env:...} names (default: from --name)."),
    ] = None,
    basic_auth: Annotated[bool, typer.Option(help="Add callback basic-auth references.")] = False,
    signature: Annotated[bool, typer.Option(help="Add a signature-key reference.")] = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json or yaml (default: from --output, else json)."),
    ] = None,
    placeholder: Placeholder = "gmtDate",
    comparison: Comparison = ">=",
    poll_delay: PollDelay = None,
    page_size: PageSize = None,
    created_check_tolerance: Tolerance = None,
    templates: Templates = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing --output file.")] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt, even on a terminal.")
    ] = False,
) -> None:
    """Scaffold an instance config; secrets become ${env:NAME} references.

    Exit status: 0 written, 2 usage error (missing value without a terminal,
    unknown resource, existing file without --force).
    """
    from ..atomic import write_text
    from ..generate.blocks import Generator, InstanceOptions, check, dump
    from ..generate.errors import GenerateError

    if fmt is None:
        yaml_out = output is not None and output.suffix.lower() in (".yaml", ".yml")
        fmt = "yaml" if yaml_out else "json"
    if fmt not in ("json", "yaml"):
        raise typer.BadParameter("must be json or yaml", param_hint="--format")
    if output is not None and output.exists() and not force:
        raise typer.BadParameter(f"{output} exists; use --force", param_hint="--output")
    from ..compile.environment import environment_hints
    from ..secrets import instance_prefix

    tty = sys.stdin.isatty() and not no_input
    block = block_options(placeholder, comparison, poll_delay, page_size, created_check_tolerance)
    name = _ask(name, "Instance name", tty, "--name")
    instance = InstanceOptions(
        name=name,
        company_name=_ask(company_name, "Sage 200 company name", tty, "--company-name"),
        callback_url=_ask(callback_url, "Callback URL (https)", tty, "--callback-url"),
        interval=interval,
        tags=tuple(tag or ()),
        env_prefix=instance_prefix(name) if env_prefix is None else env_prefix,
        basic_auth=basic_auth,
        signature=signature,
    )
    try:
        gen = Generator(templates)
        names = gen.pollable() if all_ else _ask_resources(resource, tty)
        config = gen.instance(names, block, instance)
        warn(check(config))
        text = dump(config, fmt)
    except GenerateError as exc:
        raise fail(exc) from None
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text(output, text)
        typer.echo(f"wrote {output}", err=True)
    typer.echo(environment_hints(config), err=True, nl=False)
