"""The shared extraction cache: a validated answer, keyed by exactly the question that produced it.

The key is a SHA-256 of the request body the provider is sent (system prompt, prompt text with its
numbered color and text-style lists, the encoded image, the schema, the model and every parameter:
max tokens, effort, thinking, image detail, tool or structured output), plus the token types asked
for and the cache format. Two jobs share an answer only when a provider would have seen the same
request: a reordered palette, a transparent image and its flattened twin, another prompt or schema
or model setting each ask a different question. The value is the validated answer (never the raw
reply) and what it cost; the pixel check is re-run on a hit.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from shared.extraction.ai.schema import AiAnswer, AiColor, AiStep, AiStyle

CACHE_FORMAT = 2


def cache_key(provider: str, body: dict, token_types: list[str] | tuple[str, ...], version: str = "") -> str:
    """SHA-256 over the canonical JSON of what is sent (the image inside the body, as its bytes)."""
    canonical = json.dumps({"format": CACHE_FORMAT, "provider": provider, "types": sorted(token_types),
                            "version": version, "body": body}, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def entry(answer: AiAnswer, *, provider: str, model: str, usd: float, input_tokens: int, output_tokens: int,
          created_at: str) -> dict[str, Any]:
    return {"format": CACHE_FORMAT, "provider": provider, "model": model, "usd": usd, "inputTokens": input_tokens,
            "outputTokens": output_tokens, "colors": [c.model_dump() for c in answer.colors],
            "styles": [s.model_dump() for s in answer.styles], "steps": [s.model_dump() for s in answer.steps],
            "createdAt": created_at}


def read_entry(value: dict | None) -> tuple[AiAnswer, float] | None:
    """The cached answer and what it cost; None for a miss or an entry of another format. Raises
    ValueError for an unreadable one."""
    if not value or value.get("format") != CACHE_FORMAT:
        return None
    answer = AiAnswer(colors=[AiColor.model_validate(c) for c in value.get("colors") or []],
                      styles=[AiStyle.model_validate(s) for s in value.get("styles") or []],
                      steps=[AiStep.model_validate(s) for s in value.get("steps") or []])
    return answer, float(value.get("usd", 0.0))
