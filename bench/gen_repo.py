"""Generate a config repo of instance files for the lint and compile benchmarks.

``python bench/gen_repo.py OUT [--files 2000]`` writes ¾ JSON and ¼ YAML
instance configs built from the resource catalog. About one file in ten
carries a realistic mistake (a copied URL, a seed-style date field, a typo'd
key), so the benchmark also pays for positions and messages.
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


def _instance(rng: random.Random, index: int, pollable: list) -> dict:
    chosen = rng.sample(pollable, k=rng.randint(3, 9))
    poller = {r.hub_path: _block(r) for r in chosen}
    config = {
        "oauth.api.key": "${env:SAGE200_API_KEY}",
        "oauth.api.secret": "${env:SAGE200_API_SECRET}",
        "subscription.key": "${env:SAGE200_SUBSCRIPTION_KEY}",
        "signing.key": "${env:SAGE200_SIGNING_KEY}",
        "company.name": f"Company {index}",
        "event.notification.enabled": True,
        "event.notification.callback.url": f"https://hooks.example.com/{index}",
        "event.poller.refresh_interval": str(rng.choice([5, 15, 30, 60])),
        "event.poller.configuration": poller,
    }
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


def generate(out: Path, files: int, seed: int = 200) -> list[Path]:
    rng = random.Random(seed)
    pollable = [r for r in load_catalog().resources.values() if r.pollable]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(files):
        doc = _instance(rng, index, pollable)
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
    args = parser.parse_args()
    paths = generate(args.out, args.files)
    print(f"wrote {len(paths)} files to {args.out}")


if __name__ == "__main__":
    main()
