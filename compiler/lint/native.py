"""``lint --transport sage200``: the native transport's checks, as findings beside lint's.

They are the checks ``compile --transport sage200`` makes (S411 not natively
pollable, S412 no ``$filter`` form, S413 no key paging), run through the same
code, so lint and compile never disagree about what the native transport can
poll. Only documents that load are checked; settings and suppressions apply.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..findings import Finding
from ..load.documents import Document

__all__ = ["NATIVE_CODES", "native_findings"]

NATIVE_CODES = frozenset({"S411", "S412", "S413"})


def native_findings(documents: Sequence[Document]) -> list[Finding]:
    """S411-S413 for every resource of ``documents`` with no native Sage 200 form."""
    from ..compile.pipeline import compile_documents

    result = compile_documents([d for d in documents if d.ok], transport="sage200")
    return [f for f in result.findings if f.code in NATIVE_CODES]
