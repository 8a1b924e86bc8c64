"""What the models must answer, as pydantic models and the JSON schemas sent to the providers.

The prompt asks only for what a model adds over pixels — name, role, usage, confidence — for the
hexes the pixel extractor found. Conversions, contrast and the like are computed locally.
"""
from __future__ import annotations

import json
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from shared.domain.models import normalize_hex

Role = Literal["primary", "secondary", "accent", "background", "surface", "text",
               "success", "warning", "error", "info", "other"]
ROLES: tuple[str, ...] = get_args(Role)

TOOL_NAME = "report_palette"


class AiColor(BaseModel):
    model_config = ConfigDict(extra="ignore")

    hex: str = Field(pattern=r"^#?[0-9A-Fa-f]{6}$")
    name: str = Field(min_length=1, max_length=48)
    role: Role
    usage: str = Field(default="", max_length=160)
    confidence: float = Field(ge=0.0, le=1.0)

    @field_validator("hex")
    @classmethod
    def _hex(cls, v: str) -> str:
        return normalize_hex(v)

    @field_validator("name", "usage")
    @classmethod
    def _strip(cls, v: str) -> str:
        return " ".join(v.split())


class AiPalette(BaseModel):
    model_config = ConfigDict(extra="ignore")

    colors: list[AiColor] = Field(max_length=64)


def json_schema() -> dict[str, Any]:
    """The answer's JSON schema, in the subset OpenAI strict mode accepts (every property required,
    additionalProperties false, no numeric/string constraints); pydantic enforces the rest."""
    color = {
        "type": "object",
        "properties": {
            "hex": {"type": "string", "description": "one of the given #RRGGBB hexes"},
            "name": {"type": "string", "description": "short human name, 1-3 words"},
            "role": {"type": "string", "enum": list(ROLES)},
            "usage": {"type": "string", "description": "where it is used, max 5 words"},
            "confidence": {"type": "number", "description": "0 to 1"},
        },
        "required": ["hex", "name", "role", "usage", "confidence"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"colors": {"type": "array", "items": color}},
        "required": ["colors"],
        "additionalProperties": False,
    }


def validate_payload(payload: Any, max_colors: int) -> AiPalette:
    """Validate a provider's decoded answer; raises ValueError with a short, value-free message."""
    try:
        palette = AiPalette.model_validate(payload)
    except ValidationError as exc:
        raise ValueError(describe_validation_error(exc)) from None
    if len(palette.colors) > max_colors * 2:
        raise ValueError(f"colors: at most {max_colors} items expected, got {len(palette.colors)}")
    return palette


def describe_validation_error(exc: ValidationError, limit: int = 5) -> str:
    """A compact description (location + message, no echoed input) to feed back to the model."""
    parts = []
    for err in exc.errors(include_url=False, include_input=False)[:limit]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(root)"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    more = len(exc.errors()) - limit
    if more > 0:
        parts.append(f"... and {more} more")
    return "; ".join(parts)


def decode_json_text(text: str) -> Any:
    """json.loads with a value-free error message (never regex-parsing a model's prose)."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        msg = getattr(exc, "msg", "not JSON")
        pos = getattr(exc, "pos", None)
        raise ValueError(f"the answer is not valid JSON ({msg}{f', char {pos}' if pos is not None else ''})") from None
