"""Sage 200 record templates for the simulator, one per native collection.

Each is the first record of a real Sage 200 list response from the Sage 200
demo company, as published by prismatic-io/components
(``components/sage-200/src/examplePayloads.ts`` at commit
8938214f41bc0ec2bdd32d3e6d46495474e42d6d), key order and values unchanged.
The simulator replaces only the key and date fields of each copy. The records
themselves are data, in ``sample_records.json`` beside this module.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

__all__ = ["SAMPLE_RECORDS"]

SAMPLE_RECORDS: dict[str, dict[str, Any]] = json.loads(
    files(__package__).joinpath("sample_records.json").read_text(encoding="utf-8")
)

