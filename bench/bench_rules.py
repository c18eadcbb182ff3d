"""Cost of the S2xx semantic rules alone, in process, on the generated config repo.

``python bench/bench_rules.py [--files 2000] [--repeat 5]`` generates the repo
(bench/gen_repo.py), loads it once, then measures CPU time (the machine is
shared, so wall time is noisier), best of ``--repeat``:

* building the lint contexts only (the floor every rule run pays);
* contexts plus every S2xx rule, with the block cache cleared first (cold);
* the same with the cache kept from the previous round (warm, as in a long run);
* the cold run on a variant where every block is distinct (``pageSize`` set to a
  unique number), the worst case for the block cache.

Budget: the whole ``sage200cfg lint`` must stay within 0.4x check-jsonschema
(about 1 s for 2,000 files on the 2-core machine), so the rules aim at well
under a quarter of that.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_repo import generate  # noqa: E402

from sage200cfg.lint.context import build_context  # noqa: E402
from sage200cfg.lint.rules import RULES, _blocks  # noqa: E402
from sage200cfg.load.documents import Document, load_paths  # noqa: E402


def _best(
    run: Callable[[], object], repeat: int, before: Callable[[], None] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def _clear() -> None:
    _blocks._FIDS.clear()
    _blocks._RESULTS.clear()


def _contexts(docs: list[Document]) -> None:
    for doc in docs:
        build_context(doc.path, doc.data)


def _rules(docs: list[Document]) -> int:
    found = 0
    for doc in docs:
        ctx = build_context(doc.path, doc.data)
        for rule in RULES.values():
            found += sum(1 for _ in rule.check(ctx))
    return found


def _distinct(docs: list[Document]) -> list[Document]:
    for number, doc in enumerate(docs):
        poller = doc.data["configuration"]["event.poller.configuration"]
        for offset, block in enumerate(poller.values()):
            block["pageSize"] = number * 100 + offset
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.files)
        docs = [doc for doc in load_paths([tmp]) if doc.ok]
    blocks = sum(len(d.data["configuration"]["event.poller.configuration"]) for d in docs)
    rows = [
        ("contexts only", _best(lambda: _contexts(docs), args.repeat)),
        ("contexts + S2xx rules, cold cache", _best(lambda: _rules(docs), args.repeat, _clear)),
        ("contexts + S2xx rules, warm cache", _best(lambda: _rules(docs), args.repeat)),
    ]
    unique = _distinct(docs)
    rows.append(("every block distinct, cold", _best(lambda: _rules(unique), args.repeat, _clear)))
    print(f"{len(docs)} files, {blocks} blocks, {len(RULES)} rules\n")
    print("| case | CPU ms | µs per file |")
    print("|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.0f} | {seconds / len(docs) * 1e6:.0f} |")


if __name__ == "__main__":
    main()
