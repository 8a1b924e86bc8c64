"""What the real Anthropic Messages and OpenAI Chat Completions APIs accept, per model, for the fake
servers: model ids and lifecycle, thinking / effort / forced-tool combinations, the strict-schema
subsets, and how usage is counted. Written from the providers' documentation (checked 2026-12-07:
platform.claude.com model pages, "What's new" pages and the thinking troubleshooting table;
developers.openai.com models, model pages, deprecations and the structured-outputs guide), kept
apart from the product's own table (shared/extraction/ai/models.py) so the fakes judge the product
instead of agreeing with it by construction.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

E5 = ("low", "medium", "high", "xhigh", "max")
E6 = ("none", "low", "medium", "high", "xhigh", "max")


@dataclass(frozen=True)
class ClaudeModel:
    thinking: tuple[str, ...]  # accepted thinking.type
    thinking_default_on: bool
    forced_tool: bool  # tool_choice {"type": "tool"|"any"} accepted at all
    efforts: tuple[str, ...] = ()  # output_config.effort; () = the parameter is refused
    disabled_efforts: tuple[str, ...] = ()  # thinking "disabled" only at these efforts (default effort medium)
    large_vision: bool = True  # 2576 px / 4784-token images (Claude 4.7+, 5.x)
    tokenizer: float = 1.3  # text tokens per our chars/3.5 unit
    shutdown: date | None = None
    default_effort: str = "high"  # the effort when output_config.effort is omitted


CLAUDE: dict[str, ClaudeModel] = {
    "claude-fable-5-1": ClaudeModel(("adaptive",), True, False, E5),
    "claude-opus-5-5": ClaudeModel(("adaptive",), True, False, E5, default_effort="medium"),
    "claude-sonnet-5-5": ClaudeModel(("adaptive", "between_tools"), True, False, E5),
    "claude-haiku-5-5": ClaudeModel(("adaptive", "disabled"), True, True, E5, ("low", "medium", "high"),
                                    default_effort="medium"),
    "claude-sonnet-5": ClaudeModel(("adaptive", "disabled"), True, True, E5, ("low", "medium", "high")),
    "claude-opus-5": ClaudeModel(("adaptive", "disabled"), True, True, E5, ("low", "medium", "high")),
    "claude-haiku-4-5": ClaudeModel(("enabled", "disabled"), False, True, (), large_vision=False, tokenizer=1.0),
    "claude-opus-4-5": ClaudeModel(("enabled", "disabled"), False, True, ("low", "medium", "high"),
                                   large_vision=False, tokenizer=1.0, shutdown=date(2027, 1, 22)),
    "claude-sonnet-4-5": ClaudeModel(("enabled", "disabled"), False, True, (), large_vision=False, tokenizer=1.0,
                                     shutdown=date(2026, 11, 30)),
}
# Output tokens a thinking model spends before answering, by effort (thinking bills as output).
THINKING_TOKENS = {"low": 120, "medium": 320, "high": 700, "xhigh": 1400, "max": 2600}


@dataclass(frozen=True)
class GptModel:
    efforts: tuple[str, ...]  # reasoning_effort values; () = not a reasoning model
    image: tuple  # ("patch", multiplier, max patches) or ("tile", base, per tile)
    shutdown: date | None = None
    tools_need_effort_none: bool = False  # Chat Completions function calling only at reasoning_effort none


GPT: dict[str, GptModel] = {
    "gpt-6.2-astra": GptModel(E5, ("patch", 1.2, 2500)),
    "gpt-6.2-sol": GptModel(E5, ("patch", 1.2, 2500)),
    "gpt-6.1-sol": GptModel(E5, ("patch", 1.2, 2500)),
    "gpt-6.1-terra": GptModel(E6, ("patch", 1.2, 2500)),
    "gpt-6-luna": GptModel(E6, ("patch", 1.2, 2500), tools_need_effort_none=True),
    "gpt-4.1": GptModel((), ("tile", 85, 170), date(2027, 1, 14)),
    "gpt-4.1-mini": GptModel((), ("patch", 1.62, 1536), date(2027, 1, 14)),
    "gpt-4o": GptModel((), ("tile", 85, 170), date(2027, 1, 14)),
    "gpt-4o-mini": GptModel((), ("tile", 2833, 5667), date(2027, 1, 14)),
    "gpt-4.1-nano": GptModel((), ("patch", 2.46, 1536), date(2026, 10, 23)),
}
# Reasoning tokens a GPT reasoning model spends before answering, by effort.
REASONING_TOKENS = {"none": 0, "minimal": 16, "low": 96, "medium": 256, "high": 640, "xhigh": 1200, "max": 2400}


def claude_image_tokens(w: int, h: int, large: bool) -> int:
    long_edge, cap = (2576, 4784) if large else (1568, 1600)
    m = max(w, h)
    if m > long_edge:
        s = long_edge / m
        w, h = max(1, round(w * s)), max(1, round(h * s))
    max_px = cap * 750 if large else 1_150_000
    if w * h > max_px:
        s = math.sqrt(max_px / (w * h))
        w, h = max(1, int(w * s)), max(1, int(h * s))
    return min(cap, math.ceil(w * h / 750))


def gpt_image_tokens(w: int, h: int, rule: tuple, detail: str) -> int:
    if rule[0] == "tile":
        base, tile = rule[1], rule[2]
        if detail == "low":
            return base
        fw, fh = float(w), float(h)
        if max(fw, fh) > 2048:
            s = 2048 / max(fw, fh)
            fw, fh = fw * s, fh * s
        if min(fw, fh) > 768:
            s = 768 / min(fw, fh)
            fw, fh = fw * s, fh * s
        return base + tile * math.ceil(fw / 512) * math.ceil(fh / 512)
    mult, cap = rule[1], rule[2]
    patches = math.ceil(w / 32) * math.ceil(h / 32)
    if patches > cap:
        s = math.sqrt(32 * 32 * cap / (w * h))
        patches = min(cap, math.ceil(w * s / 32) * math.ceil(h * s / 32))
    return math.ceil(patches * mult)


# ---- strict-schema subsets ----------------------------------------------------------------------

# OpenAI structured outputs (strict): these keywords, every object closed and fully required, the
# root an object (not anyOf), at most 10 levels of nesting.
OPENAI_KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
                   "description", "title", "$defs", "$ref", "pattern", "format", "minimum", "maximum",
                   "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems"}
# Anthropic structured outputs: closed objects, no numeric/length constraints, no tuple typing.
ANTHROPIC_KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
                      "allOf", "description", "title", "$defs", "$ref", "format", "default", "minItems"}


def schema_problems(schema, *, keywords: set[str], all_required: bool, depth: int = 0, where: str = "(root)") -> list[str]:
    """What a provider's strict mode refuses in a JSON schema (empty: accepted)."""
    if not isinstance(schema, dict):
        return [f"{where}: a schema must be an object"]
    out: list[str] = []
    if depth == 0 and (schema.get("type") != "object" or "anyOf" in schema):
        out.append("the root schema must be an object and not anyOf")
    if depth > 10:
        return [f"{where}: nesting deeper than 10 levels"]
    for k in schema:
        if k not in keywords:
            out.append(f"{where}: '{k}' is not supported")
    if schema.get("type") == "object" or "properties" in schema:
        if schema.get("additionalProperties") is not False:
            out.append(f"{where}: 'additionalProperties' is required to be supplied and to be false")
        props = schema.get("properties") or {}
        if all_required and set(schema.get("required") or []) != set(props):
            missing = sorted(set(props) - set(schema.get("required") or []))
            out.append(f"{where}: 'required' must include every key in properties (missing {missing})")
        for name, sub in props.items():
            out += schema_problems(sub, keywords=keywords, all_required=all_required, depth=depth + 1,
                                   where=f"{where}.{name}")
    if "items" in schema:
        out += schema_problems(schema["items"], keywords=keywords, all_required=all_required, depth=depth + 1,
                               where=f"{where}[]")
    for i, sub in enumerate(schema.get("anyOf") or []):
        out += schema_problems(sub, keywords=keywords, all_required=all_required, depth=depth + 1,
                               where=f"{where}.anyOf[{i}]")
    if "minItems" in schema and keywords is ANTHROPIC_KEYWORDS and schema["minItems"] not in (0, 1):
        out.append(f"{where}: minItems other than 0 or 1 is not supported")
    return out
