"""sage200cfg.datefmt throughput against Babel, datetime.isoformat and strptime (issue 3).

Targets, all measured side by side in this one run (interleaved rounds, best of each):
- compiled ``format`` >= 2x ``babel.dates.format_datetime`` on the same pattern;
- compiled ``parse`` >= ``datetime.strptime`` on the equivalent strftime format;
- module-level ``format(pattern, ...)`` within 1.3x of the compiled object.

    python bench/bench_datefmt.py [--rounds 7] [--number 20000]
"""

from __future__ import annotations

import argparse
import sys
import timeit
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import babel.dates

from sage200cfg import datefmt

PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"
STRPTIME = "%Y-%m-%dT%H:%M:%S.%f%z"
ZONE = "Europe/London"
RFC_PATTERN = "EEE, dd MMM yyyy HH:mm:ss z"


def cases() -> dict[str, Callable[[], object]]:
    compiled = datefmt.compile(PATTERN)
    instant = datetime(2024, 7, 5, 10, 11, 12, 345000, tzinfo=UTC)
    text = compiled.format(instant, ZONE)
    py_text = "2024-07-05T11:11:12.345000+01:00"
    london = ZoneInfo(ZONE)
    assert compiled.parse(text, ZONE) == instant
    assert datetime.strptime(py_text, STRPTIME) == instant
    assert babel.dates.format_datetime(instant, PATTERN, tzinfo=london, locale="en_US") == text
    rfc = datefmt.compile(RFC_PATTERN)
    rfc_text = rfc.format(instant, ZONE)
    return {
        "format (compiled)": lambda: compiled.format(instant, ZONE),
        "format (module-level)": lambda: datefmt.format(PATTERN, instant, ZONE),
        "babel.dates.format_datetime": lambda: babel.dates.format_datetime(
            instant, PATTERN, tzinfo=london, locale="en_US"
        ),
        "datetime.isoformat": lambda: instant.astimezone(london).isoformat(timespec="milliseconds"),
        "parse (compiled)": lambda: compiled.parse(text, ZONE),
        "parse (module-level)": lambda: datefmt.parse(PATTERN, text, ZONE),
        "datetime.strptime": lambda: datetime.strptime(py_text, STRPTIME),
        # No target: text month, weekday and zone name take the field-by-field parser.
        f"parse {RFC_PATTERN!r}": lambda: rfc.parse(rfc_text, ZONE),
    }


def measure(rounds: int, number: int) -> dict[str, float]:
    """Operations per second, best round of each case; rounds interleave all cases."""
    best: dict[str, float] = {}
    table = cases()
    for _ in range(rounds):
        for name, fn in table.items():
            n = number // 5 if name.startswith("babel") else number
            rate = n / timeit.timeit(fn, number=n)
            best[name] = max(best.get(name, 0.0), rate)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--number", type=int, default=20000)
    args = parser.parse_args()
    rate = measure(args.rounds, args.number)
    print(
        f"pattern {PATTERN!r}, zone {ZONE}, Python {sys.version.split()[0]}, "
        f"Babel {babel.__version__}"
    )
    for name, value in rate.items():
        print(f"  {name:40s} {value:>12,.0f} /s")
    checks = [
        (
            "format >= 2x babel",
            rate["format (compiled)"] / rate["babel.dates.format_datetime"],
            2.0,
        ),
        ("parse >= strptime", rate["parse (compiled)"] / rate["datetime.strptime"], 1.0),
        (
            "module format within 1.3x",
            rate["format (compiled)"] / rate["format (module-level)"],
            None,
        ),
    ]
    failed = False
    for label, ratio, floor in checks:
        ok = ratio >= floor if floor is not None else ratio <= 1.3
        failed |= not ok
        print(f"  {label:40s} {ratio:>12.2f}x  {'ok' if ok else 'MISSED'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
