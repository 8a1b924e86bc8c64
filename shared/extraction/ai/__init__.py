"""AI extraction: Claude (primary) and OpenAI (secondary) label the pixel palette and name the measured
text styles in one call; pixels check them.

Public API (nothing here imports an AI SDK; the provider modules import them inside their calls):

    run_extraction(image, pixel_palette, req: ExtractionRequest, deps: AiDeps, typography=None)
        -> ExtractionOutcome

Ports: ExtractionCache, BudgetLedger (with per-attempt holds), CostSink (CostRepo-compatible), Clock;
SecretStore from shared.domain.ports. Config: AiConfig (routes checked against models.py).
Errors: BudgetExceeded (402), AiUnavailable (503).

The names are resolved lazily (PEP 562): `usage` and `cost_rollup` only need AiConfig's budget caps
and must not pay for the runner's image stack (PIL, numpy, coloraide) on their first request.
"""
from __future__ import annotations

import importlib

_HOME = {
    "config": ("AiConfig", "Candidate"),
    "errors": ("AiUnavailable", "BudgetExceeded"),
    "ports": ("BudgetLedger", "Caps", "Clock", "CostSink", "DictSecretStore", "ExtractionCache",
              "FixedBudgetLedger", "InMemoryCostSink", "InMemoryExtractionCache", "SystemClock"),
    "runner": ("AiDeps", "ExtractionOutcome", "ExtractionRequest", "cache_key", "run_extraction"),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}

__all__ = ["AiConfig", "AiDeps", "AiUnavailable", "BudgetExceeded", "BudgetLedger", "Candidate", "Caps", "Clock",
           "CostSink", "DictSecretStore", "ExtractionCache", "ExtractionOutcome", "ExtractionRequest",
           "FixedBudgetLedger", "InMemoryCostSink", "InMemoryExtractionCache", "SystemClock", "cache_key",
           "run_extraction"]


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
