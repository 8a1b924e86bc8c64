"""The base every domain model shares: camelCase on the wire, None fields left out, hex normalised.

Field names are camelCase on the wire (Firestore, JSON) because the web app reads the same
documents. No Google Cloud imports here.
"""
from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

HEX_RE = re.compile(r"^#[0-9A-F]{6}$")


class Model(BaseModel):
    # defer_build: a model's validator is built when it is first used, not when its module is imported.
    # A function uses a few of the domain's models; building all of them was paid by every cold start.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", defer_build=True)

    def doc(self) -> dict[str, Any]:
        """The Firestore/JSON form (camelCase, no None fields)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="python")


def normalize_hex(value: str) -> str:
    v = value.strip().upper()
    if not v.startswith("#"):
        v = "#" + v
    if len(v) == 4:
        v = "#" + "".join(c * 2 for c in v[1:])
    if not HEX_RE.match(v):
        raise ValueError(f"not a #RRGGBB color: {value!r}")
    return v
