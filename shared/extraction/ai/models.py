"""The models AI extraction may call: price, image-token rule, lifecycle and the request settings each
one accepts, as the providers document them. Routing, pricing, config validation and the request
builders read this table; nothing else names a model's quirks.

Checked 2026-12-07 (MODELS_CHECKED) against:
* Anthropic: platform.claude.com/docs models overview and each model's page (Haiku 5.5 overview,
  "What's new" and migration guide, Sonnet 5.5 "What's new", Opus 5.5 "What's new", the thinking
  troubleshooting page), the anthropic SDK 2.14 model list and DEPRECATED_MODELS;
* OpenAI: developers.openai.com/api/docs/models (GPT-6.2 Astra/Sol, GPT-6.1 Terra, GPT-6 Luna) and
  each model page, developers.openai.com/api/docs/deprecations, the openai SDK 3.57 ChatModel list
  with its announced shutdown dates.
Image rules: Anthropic's vision page (tokens ≈ w·h/750 after the resize; Claude 4.7+ and 5.x read up
to a 2576 px long edge, ≤ 4784 tokens); OpenAI GPT-5.6/6.x count 32 px patches × 1.2 (third-party
summaries of OpenAI's images guide: vision-squeezer docs, an image-token dataset on Hugging Face);
the tile rule (85 + 170 per 512 px tile) for gpt-4o / gpt-4.1. Re-check before relying on them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MODELS_CHECKED = "2026-12-07"
CLAUDE_EFFORTS = ("low", "medium", "high", "xhigh", "max")
GPT6_EFFORTS = ("none", "low", "medium", "high", "xhigh", "max")


@dataclass(frozen=True)
class ModelSpec:
    provider: str
    id: str
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float  # a cache read (Anthropic 0.1× input; OpenAI per model)
    image_rule: str  # claude-standard | claude-large | openai-tile | openai-patch
    image_params: tuple = ()  # tile: (base, per tile); patch: (multiplier, max patches)
    # Text tokens relative to the chars/3.5 proxy: Claude 4.7+ and 5.x use a tokenizer that counts the
    # same text as ~30 % more tokens than Claude Haiku 4.5 (Haiku 5.5 overview).
    tokenizer_factor: float = 1.0
    shutdown: date | None = None  # the provider's announced shutdown / end-of-life (None: none announced)
    # Long prompts: above this many input tokens the whole request is priced × these multipliers.
    long_context: tuple[int, float, float] | None = None
    cache_min_tokens: int = 1024  # shortest cacheable prompt prefix
    # Anthropic: what the API accepts.
    thinking_types: tuple[str, ...] = ()  # accepted `thinking.type` values
    thinking_default_on: bool = False  # thinking runs when `thinking` is omitted
    thinking_off: dict | None = None  # the setting that stops up-front thinking (None: it cannot be stopped)
    disabled_efforts: tuple[str, ...] = ()  # efforts at which thinking {"type": "disabled"} is accepted
    forced_tool: bool = True  # tool_choice {"type": "tool"} accepted (only ever with thinking off)
    efforts: tuple[str, ...] = ()  # accepted output_config.effort (Anthropic) / reasoning_effort (OpenAI)
    # How we call it by default (a route's Candidate may override within what the API accepts).
    default_output: str = "json_schema"  # Anthropic: "tool" or "json_schema"
    default_effort: str | None = None
    default_thinking: dict | None = None
    image_detail: str = "low"  # OpenAI image detail we send
    notes: str = ""

    def retired(self, today: date) -> bool:
        return self.shutdown is not None and today >= self.shutdown

    @property
    def reasoning(self) -> bool:
        """OpenAI: a reasoning model (takes reasoning_effort; reasoning tokens bill as output)."""
        return self.provider == "openai" and bool(self.efforts)


def _claude5(id: str, inp: float, out: float, **kw) -> ModelSpec:
    base = dict(provider="anthropic", id=id, input_per_mtok=inp, output_per_mtok=out,
                cached_input_per_mtok=round(inp * 0.1, 6), image_rule="claude-large", tokenizer_factor=1.3,
                thinking_default_on=True, efforts=CLAUDE_EFFORTS, cache_min_tokens=512)
    base.update(kw)
    return ModelSpec(**base)


def _gpt6(id: str, inp: float, cached: float, out: float, **kw) -> ModelSpec:
    base = dict(provider="openai", id=id, input_per_mtok=inp, output_per_mtok=out, cached_input_per_mtok=cached,
                image_rule="openai-patch", image_params=(1.2, 2500), efforts=GPT6_EFFORTS, default_effort="none",
                long_context=(272_000, 2.0, 1.5), image_detail="high")
    base.update(kw)
    return ModelSpec(**base)


_SPECS: list[ModelSpec] = [
    # ---- Anthropic: current lineup (models overview) -------------------------------------------
    _claude5("claude-fable-5-1", 10.00, 50.00, thinking_types=("adaptive",), forced_tool=False,
             default_effort="low", notes="thinking always on (bills as output); forced tool use returns 400"),
    _claude5("claude-opus-5-5", 4.00, 20.00, thinking_types=("adaptive",), forced_tool=False,
             default_effort="low", notes="thinking always on (bills as output); forced tool use returns 400"),
    _claude5("claude-sonnet-5-5", 2.00, 10.00, thinking_types=("adaptive", "between_tools"), forced_tool=False,
             thinking_off={"type": "between_tools"}, default_effort="low",
             default_thinking={"type": "between_tools"},
             notes="forced tool use returns 400; thinking {disabled} returns 400, between_tools turns it off"),
    _claude5("claude-haiku-5-5", 0.10, 0.50, thinking_types=("adaptive", "disabled"),
             thinking_off={"type": "disabled"}, disabled_efforts=("low", "medium", "high"),
             long_context=(100_000, 5.0, 5.0), default_effort="low", default_thinking={"type": "disabled"},
             notes="$0.10/$0.50 up to 100K prompt tokens ($0.50/$2.50 above); thinking {disabled} only at "
                   "effort low/medium/high"),
    # ---- Anthropic: legacy, still served -------------------------------------------------------
    _claude5("claude-sonnet-5", 2.00, 10.00, thinking_types=("adaptive", "disabled"),
             thinking_off={"type": "disabled"}, disabled_efforts=("low", "medium", "high"),
             cache_min_tokens=1024, default_effort="low", default_thinking={"type": "disabled"}),
    _claude5("claude-opus-5", 5.00, 25.00, thinking_types=("adaptive", "disabled"),
             thinking_off={"type": "disabled"}, disabled_efforts=("low", "medium", "high"),
             default_effort="low", default_thinking={"type": "disabled"}),
    ModelSpec(provider="anthropic", id="claude-haiku-4-5", input_per_mtok=1.00, output_per_mtok=5.00,
              cached_input_per_mtok=0.10, image_rule="claude-standard", thinking_types=("enabled", "disabled"),
              cache_min_tokens=4096, default_output="tool",
              notes="extended thinking only (off unless enabled); no effort parameter"),
    ModelSpec(provider="anthropic", id="claude-opus-4-5", input_per_mtok=5.00, output_per_mtok=25.00,
              cached_input_per_mtok=0.50, image_rule="claude-standard", thinking_types=("enabled", "disabled"),
              shutdown=date(2027, 1, 22), cache_min_tokens=4096, efforts=("low", "medium", "high"),
              default_output="tool"),
    ModelSpec(provider="anthropic", id="claude-sonnet-4-5", input_per_mtok=3.00, output_per_mtok=15.00,
              cached_input_per_mtok=0.30, image_rule="claude-standard", thinking_types=("enabled", "disabled"),
              shutdown=date(2026, 11, 30), default_output="tool"),
    # ---- OpenAI: current lineup (models page) --------------------------------------------------
    _gpt6("gpt-6.2-astra", 8.00, 0.80, 40.00, efforts=CLAUDE_EFFORTS, default_effort="low"),
    _gpt6("gpt-6.2-sol", 2.00, 0.10, 10.00, efforts=CLAUDE_EFFORTS, default_effort="low",
          notes="reasoning effort low..max (no none): reasoning tokens bill as output"),
    _gpt6("gpt-6.1-terra", 1.00, 0.05, 5.00),
    _gpt6("gpt-6-luna", 0.10, 0.01, 0.50),
    # ---- OpenAI: deprecated (shutdown announced) or gone -----------------------------------------
    ModelSpec(provider="openai", id="gpt-4.1", input_per_mtok=2.00, output_per_mtok=8.00, cached_input_per_mtok=0.50,
              image_rule="openai-tile", image_params=(85, 170), shutdown=date(2027, 1, 14)),
    ModelSpec(provider="openai", id="gpt-4.1-mini", input_per_mtok=0.40, output_per_mtok=1.60,
              cached_input_per_mtok=0.10, image_rule="openai-patch", image_params=(1.62, 1536),
              shutdown=date(2027, 1, 14)),
    ModelSpec(provider="openai", id="gpt-4o", input_per_mtok=2.50, output_per_mtok=10.00, cached_input_per_mtok=1.25,
              image_rule="openai-tile", image_params=(85, 170), shutdown=date(2027, 1, 14)),
    ModelSpec(provider="openai", id="gpt-4o-mini", input_per_mtok=0.15, output_per_mtok=0.60,
              cached_input_per_mtok=0.075, image_rule="openai-tile", image_params=(2833, 5667),
              shutdown=date(2027, 1, 14)),
    ModelSpec(provider="openai", id="gpt-4.1-nano", input_per_mtok=0.10, output_per_mtok=0.40,
              cached_input_per_mtok=0.025, image_rule="openai-patch", image_params=(2.46, 1536),
              shutdown=date(2026, 10, 23)),
]
MODELS: dict[str, ModelSpec] = {s.id: s for s in _SPECS}


def spec_for(model: str) -> ModelSpec | None:
    """The spec of a model id, or of the alias a dated snapshot ("gpt-4.1-2025-04-14") belongs to."""
    if model in MODELS:
        return MODELS[model]
    for name in sorted(MODELS, key=len, reverse=True):
        if model.startswith(name + "-") and model[len(name) + 1:][:1].isdigit():
            return MODELS[name]
    return None


@dataclass(frozen=True)
class Settings:
    """What one call sends besides the prompt: resolved from a route's Candidate and the model's spec."""
    output: str = "json_schema"  # Anthropic: tool | json_schema
    effort: str | None = None
    thinking: dict | None = None
    detail: str = "low"  # OpenAI image detail
    problems: list[str] = field(default_factory=list)


def settings_for(provider: str, model: str, *, output: str | None = None, effort: str | None = None,
                 thinking: dict | None = None) -> Settings:
    """A candidate's request settings, defaults filled from the spec, checked against what the API
    accepts. `problems` lists what the provider would refuse (config validation turns them into errors)."""
    spec = spec_for(model)
    problems: list[str] = []
    if spec is None:
        return Settings(output=output or "tool", effort=effort, thinking=thinking,
                        problems=[f"{provider} model {model!r} is not a known model"])
    if spec.provider != provider:
        problems.append(f"{model!r} is a {spec.provider} model, not {provider}")
    out = output or spec.default_output
    eff = effort if effort is not None else spec.default_effort
    think = thinking if thinking is not None else spec.default_thinking
    if provider == "anthropic":
        ttype = (think or {}).get("type")
        if ttype is not None and ttype not in spec.thinking_types:
            problems.append(f"{model}: thinking {ttype!r} is not accepted (accepted: {', '.join(spec.thinking_types)})")
        if ttype == "disabled" and spec.disabled_efforts and (eff or "medium") not in spec.disabled_efforts:
            problems.append(f"{model}: thinking 'disabled' is accepted only at effort "
                            f"{'/'.join(spec.disabled_efforts)}")
        if eff is not None and eff not in spec.efforts:
            problems.append(f"{model}: effort {eff!r} is not accepted" +
                            (f" (accepted: {', '.join(spec.efforts)})" if spec.efforts else " (no effort parameter)"))
        thinking_on = ttype in ("adaptive", "enabled") or (ttype is None and spec.thinking_default_on)
        if out == "tool" and (not spec.forced_tool or thinking_on):
            problems.append(f"{model}: forced tool use is refused" +
                            ("" if not spec.forced_tool else " while thinking is on"))
    elif eff is not None and eff not in spec.efforts:
        problems.append(f"{model}: reasoning_effort {eff!r} is not accepted" +
                        (f" (accepted: {', '.join(spec.efforts)})" if spec.efforts else " (not a reasoning model)"))
    return Settings(output=out, effort=eff, thinking=think, detail=spec.image_detail, problems=problems)


def thinking_runs(provider: str, model: str, thinking: dict | None, effort: str | None) -> bool:
    """Whether the call will think up front (thinking tokens bill as output: the estimate adds them)."""
    spec = spec_for(model)
    if spec is None:
        return False
    if provider == "openai":
        return spec.reasoning and effort != "none"
    ttype = (thinking or {}).get("type")
    return ttype in ("adaptive", "enabled") or (ttype is None and spec.thinking_default_on)
