"""S3xx: why ``generate`` refused, one code per cause (``generate.errors``)."""

from __future__ import annotations

from ..codes import describe, table

__all__ = ["GENERATE_CODES"]

GENERATE_CODES = table(
    describe(
        "S301",
        "unknown-catalog-resource",
        "`generate` was asked for a resource the Sage 200 catalog does not serve.",
        "Blocks are built from the catalog so that URLs and field names cannot be copied wrong; an unknown name gets a did-you-mean and the list of served resources.",
    ),
    describe(
        "S302",
        "resource-not-pollable",
        "`generate` was asked for a resource that cannot be polled by date.",
        "Without an updated-date field or a GET list, every poll would read everything, so no block is generated.",
    ),
    describe(
        "S303",
        "template-error",
        "A template has a syntax error, an undefined name, or tried to leave the sandbox.",
        "Templates (including user templates from --templates) are untrusted: they render in a Jinja2 sandbox with StrictUndefined, and any failure stops generation with the template's file and line.",
    ),
    describe(
        "S304",
        "template-output-invalid",
        "A template rendered something that is not a JSON object.",
        "Generated blocks are parsed and linted before they are printed or written; text that is not a config is refused.",
    ),
    describe(
        "S305",
        "into-refused",
        "`generate --into` cannot add the block to that file.",
        "The resource already exists (use --force), or the file has no poller configuration object to add it to; the file is left untouched.",
    ),
    describe(
        "S306",
        "generated-config-has-errors",
        "The generated or edited config has lint errors.",
        "Generation must never produce or write a config that lints with errors; nothing is printed or written.",
    ),
)
