"""AI extraction: Claude (primary) and OpenAI (secondary) label the pixel palette; pixels check them.

Public API (nothing here imports an AI SDK; the provider modules import them inside their calls):

    run_extraction(image, pixel_palette, req: ExtractionRequest, deps: AiDeps) -> ExtractionOutcome

Ports: ExtractionCache, BudgetLedger, CostSink (CostRepo-compatible), Clock; SecretStore from
shared.domain.ports. Config: AiConfig. Errors: BudgetExceeded (402), AiUnavailable (503).
"""
from shared.extraction.ai.config import AiConfig, Candidate
from shared.extraction.ai.errors import AiUnavailable, BudgetExceeded
from shared.extraction.ai.ports import (BudgetLedger, Clock, CostSink, DictSecretStore, ExtractionCache,
                                        FixedBudgetLedger, InMemoryCostSink, InMemoryExtractionCache,
                                        SystemClock)
from shared.extraction.ai.runner import AiDeps, ExtractionOutcome, ExtractionRequest, cache_key, run_extraction

__all__ = [
    "AiConfig", "Candidate", "AiDeps", "ExtractionRequest", "ExtractionOutcome", "run_extraction", "cache_key",
    "ExtractionCache", "BudgetLedger", "CostSink", "Clock", "SystemClock", "BudgetExceeded", "AiUnavailable",
    "InMemoryExtractionCache", "InMemoryCostSink", "FixedBudgetLedger", "DictSecretStore",
]
