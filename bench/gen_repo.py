"""Generate a config repo of instance files for the lint and compile benchmarks.

``python bench/gen_repo.py OUT [--files 2000] [--profile mixed|copied]`` writes
¾ JSON and ¼ YAML instance configs built from the resource catalog.

* ``mixed`` (the default): mostly clean. About one file in ten carries a
  realistic mistake (a copied URL, a seed-style date field, a typo'd key), so
  the benchmark also pays for positions and messages.
* ``copied``: a repo copied from the documented example, the common case. Every
  file has seed-style blocks (``updated_at``, ``${date:...}`` without the UTC
  ``Z``, a ``'Z'`` date format that cannot read Sage's fractions) and a
  plain-text password: about 20 warnings, and 1–2 errors (a block whose URL was
  not updated, sometimes a misspelt resource). 2,000 files make about 9 MB.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml

from sage200cfg.catalog import load_catalog


def _block(resource) -> dict:
    dates = {
        "updatedDateField": resource.updated_field,
        "updatedDateFormat": resource.date_format,
        "updatedDateTimezone": "GMT",
    }
    if resource.created_field:
        dates |= {
            "createdDateField": resource.created_field,
            "createdDateFormat": resource.date_format,
            "createdDateTimezone": "GMT",
        }
    url = (
        f"/hubs/finance/{resource.hub_path}?where={resource.updated_field}>="
        f"'${{gmtDate:{resource.placeholder_format}}}'"
    )
    return {"url": url, "idField": resource.id_field, "datesConfiguration": dates}


def _config(rng: random.Random, index: int, poller: dict, extra: dict | None = None) -> dict:
    """An instance's configuration; ``extra`` keys go after the callback URL."""
    return {
        "oauth.api.key": "${env:SAGE200_API_KEY}",
        "oauth.api.secret": "${env:SAGE200_API_SECRET}",
        "subscription.key": "${env:SAGE200_SUBSCRIPTION_KEY}",
        "signing.key": "${env:SAGE200_SIGNING_KEY}",
        "company.name": f"Company {index}",
        "event.notification.enabled": True,
        "event.notification.callback.url": f"https://hooks.example.com/{index}",
        **(extra or {}),
        "event.poller.refresh_interval": str(rng.choice([5, 15, 30, 60])),
        "event.poller.configuration": poller,
    }


def _instance(rng: random.Random, index: int, pollable: list) -> dict:
    chosen = rng.sample(pollable, k=rng.randint(3, 9))
    poller = {r.hub_path: _block(r) for r in chosen}
    config = _config(rng, index, poller)
    doc = {"element": {"key": "sage200"}, "configuration": config, "name": f"instance-{index}"}
    doc["tags"] = [f"team-{index % 7}"]
    if rng.random() < 0.1:
        _mistake(rng, doc)
    return doc


def _mistake(rng: random.Random, doc: dict) -> None:
    poller = doc["configuration"]["event.poller.configuration"]
    key = rng.choice(sorted(poller))
    kind = rng.randrange(3)
    if kind == 0:
        poller[key]["url"] = poller[key]["url"].replace(f"/{key}?", "/customers?")
    elif kind == 1:
        poller[key]["datesConfiguration"]["updatedDateField"] = "updated_at"
    else:
        doc["configuration"]["event.poller.refreshinterval"] = "15"


def _seed_block(resource) -> dict:
    """A block as the documented example writes it: its field names and formats."""
    return {
        "url": f"/hubs/finance/{resource.hub_path}?where={resource.updated_field}>="
        "'${date:yyyy-MM-dd'T'HH:mm:ss}'",
        "idField": "id",
        "datesConfiguration": {
            "updatedDateField": "updated_at",
            "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'",
            "updatedDateTimezone": "GMT",
            "createdDateField": "created_at",
            "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'",
            "createdDateTimezone": "GMT",
        },
    }


def _copied(rng: random.Random, index: int, pollable: list) -> dict:
    """An instance copied from the documented example: ~20 warnings, 1-2 errors."""
    chosen = rng.sample(pollable, k=rng.randint(7, 10))
    poller = {r.hub_path: _block(r) for r in chosen[3:]}
    poller |= {r.hub_path: _seed_block(r) for r in chosen[:3]}
    if rng.random() < 0.5:
        first, copy = chosen[0].hub_path, chosen[1].hub_path
        poller[copy]["url"] = poller[first]["url"]  # the seed's copy error: S201 + S202
    else:
        typo = chosen[2].hub_path  # a misspelt resource: S250
        poller[typo]["url"] = poller[typo]["url"].replace(f"/{typo}?", f"/{typo}z?")
    basic = {"event.notification.basic.username": f"user{index}",
             "event.notification.basic.password": f"P@ss-{index:04d}"}
    config = _config(rng, index, poller, basic)
    return {"element": {"key": "sage200"}, "configuration": config, "name": f"instance-{index}"}


PROFILES = {"mixed": _instance, "copied": _copied}


def generate(out: Path, files: int, seed: int = 200, profile: str = "mixed") -> list[Path]:
    rng = random.Random(seed)
    pollable = [r for r in load_catalog().resources.values() if r.pollable]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    make = PROFILES[profile]
    for index in range(files):
        doc = make(rng, index, pollable)
        folder = out / f"team-{index % 20:02d}"
        folder.mkdir(exist_ok=True)
        if index % 4 == 3:
            path = folder / f"instance-{index:04d}.yaml"
            path.write_text(yaml.safe_dump(doc, sort_keys=False, width=200))
        else:
            path = folder / f"instance-{index:04d}.json"
            path.write_text(json.dumps(doc, indent=2) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="mixed")
    args = parser.parse_args()
    paths = generate(args.out, args.files, profile=args.profile)
    print(f"wrote {len(paths)} files to {args.out}")


if __name__ == "__main__":
    main()
