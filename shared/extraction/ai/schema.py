"""What the models must answer, as pydantic models and the JSON schemas sent to the providers.

The prompt asks only for what a model adds over pixels — name, role, usage, confidence — for the
hexes the pixel extractor found, and a family name, fallback faces and a role for the text styles it
measured. Conversions, contrast, sizes and weights are measured or computed locally, never asked.

Two answer formats (AiConfig.answer_format):

* "compact" (default, prompt palette-v2): the prompt numbers the pixel colors; the model answers
  `{"l": [[index, name, role, usage, confidence 0-10], ...]}`: one short row per color, no hex echoed,
  no repeated keys (≈ 12 output tokens a color against ≈ 30 for "full"). Rows are validated by
  pydantic (`LabelRow`) and mapped to `AiColor(index=…)`; the pixel check (verify.py) maps the index
  to the pixel hex and drops an index that was not listed.
* "full" (palette-v1): `{"colors": [{"hex", "name", "role", "usage", "confidence"}]}`; the pixel check
  snaps / drops hexes by ΔE.

Text styles (either format, when typography is asked and text was found): `"t": [[index, family,
fallbacks, role], ...]`, one row per numbered style: a face name ("" when unsure), the faces to fall
back on (comma-separated, "" for none) and a role from TEXT_ROLES ("" to keep the measured one).
Nothing else: a row has exactly these four items, so an answer cannot carry a size or a weight.

Layout steps (either format, when spacing, radius or shadow is asked and the pixels measured steps):
`"s": [[index, name], ...]`, one row per numbered step: a semantic name (`space-section`,
`radius-card`, `elevation-2`: lowercase words joined by hyphens, "" to skip). Two items, so an
answer cannot carry a value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from shared.domain.models import normalize_hex
from shared.domain.typography import TEXT_ROLES
from shared.extraction.ai.fonts import NAME_MAX, clean_text

Role = Literal["primary", "secondary", "accent", "background", "surface", "text",
               "success", "warning", "error", "info", "other"]
ROLES: tuple[str, ...] = get_args(Role)

TOOL_NAME = "report_palette"


ANSWER_FORMATS = ("compact", "full")
# Where a color is used, as the compact prompt suggests it (1-2 words; free text up to USAGE_MAX_CHARS).
USAGE_HINTS: tuple[str, ...] = ("page background", "surfaces", "text", "headings", "buttons", "links", "icons",
                                "borders", "header", "navigation", "highlights", "status", "illustration", "photo")
USAGE_MAX_CHARS = 32
CONFIDENCE_SCALE = 10  # compact rows give confidence as an integer 0..10 (one token), stored as /10


class AiColor(BaseModel):
    """One label. Either `hex` (full format: the model echoes a pixel hex) or `index` (compact format:
    1-based position in the prompt's numbered list); the pixel check turns both into a pixel color."""
    model_config = ConfigDict(extra="ignore")

    hex: str | None = Field(default=None, pattern=r"^#?[0-9A-Fa-f]{6}$")
    index: int | None = Field(default=None, ge=1, le=64)
    name: str = Field(min_length=1, max_length=48)
    role: Role
    usage: str = Field(default="", max_length=160)
    confidence: float = Field(ge=0.0, le=1.0)

    @field_validator("hex")
    @classmethod
    def _hex(cls, v: str | None) -> str | None:
        return normalize_hex(v) if v is not None else None

    @model_validator(mode="after")
    def _hex_or_index(self) -> "AiColor":
        if self.hex is None and self.index is None:
            raise ValueError("a color needs a hex or an index")
        return self

    @field_validator("name", "usage", mode="before")
    @classmethod
    def _clean(cls, v: Any) -> Any:
        return clean_text(v) if isinstance(v, str) else v


class AiPalette(BaseModel):
    model_config = ConfigDict(extra="ignore")

    colors: list[AiColor] = Field(max_length=64)


def _as_int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or (isinstance(v, float) and not v.is_integer()):
        raise ValueError("an integer is expected")
    return int(v)


class LabelRow(BaseModel):
    """One compact row `[index, name, role, usage, confidence 0-10]`, validated position by position."""
    model_config = ConfigDict(extra="forbid")

    i: int = Field(ge=1, le=64)
    n: str = Field(min_length=1, max_length=48)
    r: Role
    u: str = Field(default="", max_length=USAGE_MAX_CHARS)
    c: int = Field(ge=0, le=CONFIDENCE_SCALE)

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            if len(v) != 5:
                raise ValueError(f"a row is [index, name, role, usage, confidence]: 5 items expected, got {len(v)}")
            return dict(zip(("i", "n", "r", "u", "c"), v))
        return v

    @field_validator("i", "c", mode="before")
    @classmethod
    def _int(cls, v: Any) -> Any:
        return _as_int(v)

    @field_validator("n", "u", mode="before")
    @classmethod
    def _clean(cls, v: Any) -> Any:
        return clean_text(v) if isinstance(v, str) else v

    def to_ai_color(self) -> AiColor:
        return AiColor(index=self.i, name=self.n, role=self.r, usage=self.u,
                       confidence=round(self.c / CONFIDENCE_SCALE, 2))


class AiStyle(BaseModel):
    """What a model may say about one numbered text style; raw text, checked against the measurement
    by verify.merge_styles (family class, known faces)."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int = Field(ge=1, le=64)
    family: str = ""
    fallbacks: str = ""
    role: str | None = None


class StyleRow(BaseModel):
    """One style row `[index, family, fallbacks, role]`, validated position by position."""
    model_config = ConfigDict(extra="forbid")

    i: int = Field(ge=1, le=64)
    f: str = Field(default="", max_length=NAME_MAX)
    b: str = Field(default="", max_length=4 * NAME_MAX)
    r: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            if len(v) != 4:
                raise ValueError(f"a text-style row is [index, family, fallbacks, role]: 4 items expected, got {len(v)}")
            return dict(zip(("i", "f", "b", "r"), v))
        return v

    @field_validator("i", mode="before")
    @classmethod
    def _int(cls, v: Any) -> Any:
        return _as_int(v)

    @field_validator("f", "b", "r", mode="before")
    @classmethod
    def _clean(cls, v: Any) -> Any:
        if not isinstance(v, str):
            raise ValueError("a string is expected")
        return clean_text(v)

    @field_validator("r")
    @classmethod
    def _role(cls, v: str) -> str:
        if v and v not in TEXT_ROLES:
            raise ValueError(f"role must be one of {', '.join(TEXT_ROLES)} or empty")
        return v

    def to_ai_style(self) -> AiStyle:
        return AiStyle(index=self.i, family=self.f, fallbacks=self.b, role=self.r or None)


LAYOUT_NAME_MAX = 32
LAYOUT_NAME_RE = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


class AiStep(BaseModel):
    """A name for one numbered layout step; checked against the step's kind by verify.merge_layout_names."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int = Field(ge=1, le=64)
    name: str = Field(min_length=1, max_length=LAYOUT_NAME_MAX, pattern=LAYOUT_NAME_RE)


class StepRow(BaseModel):
    """One layout row `[index, name]`, validated position by position ("" = no name)."""
    model_config = ConfigDict(extra="forbid")

    i: int = Field(ge=1, le=64)
    n: str = Field(default="", max_length=LAYOUT_NAME_MAX)

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            if len(v) != 2:
                raise ValueError(f"a layout row is [index, name]: 2 items expected, got {len(v)}")
            return dict(zip(("i", "n"), v))
        return v

    @field_validator("i", mode="before")
    @classmethod
    def _int(cls, v: Any) -> Any:
        return _as_int(v)

    @field_validator("n", mode="before")
    @classmethod
    def _name(cls, v: Any) -> Any:
        if not isinstance(v, str):
            raise ValueError("a string is expected")
        return clean_text(v).strip().lower().replace(" ", "-").replace("_", "-")

    @field_validator("n")
    @classmethod
    def _slug(cls, v: str) -> str:
        if v and not re.match(LAYOUT_NAME_RE, v):
            raise ValueError("a name is lowercase words joined by hyphens (e.g. radius-card) or empty")
        return v

    def to_ai_step(self) -> AiStep | None:
        return AiStep(index=self.i, name=self.n) if self.n else None


class StepList(BaseModel):
    model_config = ConfigDict(extra="ignore")  # anything else a model adds (a value) is not read

    s: list[StepRow] = Field(max_length=64)


class CompactPalette(BaseModel):
    model_config = ConfigDict(extra="ignore")

    l: list[LabelRow] = Field(max_length=64)  # noqa: E741 - one-letter key: fewer output tokens


class StyleList(BaseModel):
    model_config = ConfigDict(extra="ignore")  # anything else a model adds (a size, a weight) is not read

    t: list[StyleRow] = Field(max_length=64)


@dataclass
class AiAnswer:
    """A validated answer: color labels, text-style names and layout-step names (any list may be empty)."""
    colors: list[AiColor] = field(default_factory=list)
    styles: list[AiStyle] = field(default_factory=list)
    steps: list[AiStep] = field(default_factory=list)


_ROWS = {"type": "array", "items": {"type": "array", "items": {"anyOf": [{"type": "integer"}, {"type": "string"}]}}}


def compact_json_schema(colors: bool = True, styles: bool = False, layout: bool = False) -> dict[str, Any]:
    """`{"l": [[index, name, role, usage, confidence], ...], "t": [[index, family, fallbacks, role], ...]}`
    (the lists asked for) in the strict subset both providers accept: no prefixItems, so a row's items
    are integer-or-string and LabelRow / StyleRow check each position; every property required."""
    props: dict[str, Any] = {}
    if colors:
        props["l"] = _ROWS
    if styles:
        props["t"] = _ROWS
    if layout:
        props["s"] = _ROWS
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def schema_for(answer_format: str, colors: bool = True, styles: bool = False, layout: bool = False) -> dict[str, Any]:
    if answer_format == "compact" or not colors:
        return compact_json_schema(colors, styles, layout)
    full = json_schema()
    for key, asked in (("t", styles), ("s", layout)):
        if asked:
            full["properties"][key] = _ROWS
            full["required"].append(key)
    return full


def json_schema() -> dict[str, Any]:
    """The "full" answer's JSON schema, in the subset OpenAI strict mode accepts (every property required,
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


def validate_payload(payload: Any, max_colors: int, answer_format: str = "full", *, colors: bool = True,
                     styles: bool = False, max_styles: int = 32, layout: bool = False, max_steps: int = 32) -> AiAnswer:
    """Validate a provider's decoded answer into AiAnswer (the lists asked for); raises ValueError with a
    short, value-free message. Compact rows become AiColor(index=…) / AiStyle(index=…): verify.py maps
    them to the pixel colors and measured styles."""
    answer = AiAnswer()
    try:
        if colors and answer_format == "compact":
            answer.colors = [row.to_ai_color() for row in CompactPalette.model_validate(payload).l]
        elif colors:
            answer.colors = list(AiPalette.model_validate(payload).colors)
        if styles:
            answer.styles = [row.to_ai_style() for row in StyleList.model_validate(payload).t]
        if layout:
            answer.steps = [s for row in StepList.model_validate(payload).s if (s := row.to_ai_step())]
    except ValidationError as exc:
        raise ValueError(describe_validation_error(exc)) from None
    if len(answer.colors) > max_colors * 2:
        raise ValueError(f"colors: at most {max_colors} items expected, got {len(answer.colors)}")
    if len(answer.styles) > max_styles * 2:
        raise ValueError(f"t: at most {max_styles} items expected, got {len(answer.styles)}")
    if len(answer.steps) > max_steps * 2:
        raise ValueError(f"s: at most {max_steps} items expected, got {len(answer.steps)}")
    return answer


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
