"""Routing: which provider and model each strategy asks, in fallback order (Claude → OpenAI → pixels).

| strategy | Claude            | OpenAI        | why                                         |
|----------|-------------------|---------------|---------------------------------------------|
| quality  | claude-sonnet-5-5 | gpt-6.1-terra | best labels (Sonnet class; Terra: visual reasoning) |
| cost     | claude-haiku-5-5  | gpt-6-luna    | cheapest that label well                    |
| fast     | claude-haiku-5-5  | gpt-6-luna    | lowest latency; also half the call timeout  |
| optimal  | sonnet-5-5 if its estimate ≤ optimal_target_usd else haiku-5-5; gpt-6.1-terra likewise else gpt-6-luna |

The table is `AiConfig.routes` (models and their settings: models.py, checked 2026-12-07); no SDK is
imported here.
"""
from __future__ import annotations

from collections.abc import Callable

from shared.extraction.ai.config import AI_STRATEGIES, AiConfig, Candidate

FAST_TIMEOUT_FACTOR = 0.5


def plan(strategy: str, config: AiConfig, estimate_usd: Callable[[Candidate], float] | None = None) -> list[Candidate]:
    """The fallback chain for a strategy (pixels are the implicit last step). Unknown strategy → []."""
    if strategy not in AI_STRATEGIES or strategy not in config.routes:
        return []
    route = list(config.routes[strategy])
    if strategy != "optimal":
        return _one_per_provider(route)
    chosen: list[Candidate] = []
    for provider in ("anthropic", "openai"):
        ladder = [c for c in route if c.provider == provider]  # best first
        if not ladder:
            continue
        pick = ladder[-1]
        if estimate_usd is not None:
            for c in ladder:
                if estimate_usd(c) <= config.optimal_target_usd:
                    pick = c
                    break
        chosen.append(pick)
    return chosen


def _one_per_provider(route: list[Candidate]) -> list[Candidate]:
    order = {"anthropic": 0, "openai": 1}
    seen: set[tuple[str, str]] = set()
    out = []
    for c in sorted(route, key=lambda c: order.get(c.provider, 9)):
        if (c.provider, c.model) not in seen:
            seen.add((c.provider, c.model))
            out.append(c)
    return out


def call_timeout(strategy: str, config: AiConfig) -> float:
    return config.request_timeout_s * (FAST_TIMEOUT_FACTOR if strategy == "fast" else 1.0)
