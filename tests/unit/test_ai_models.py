"""Issue 16 #4: routes point at current models with today's prices and image rules; an unknown or
retired model in COPYTHAT_AI_CONFIG is refused at load; a 404 model_not_found is a configuration
error, logged as one and raised in the alert roll-up, not a silent fallback."""
from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from shared.config import ConfigError
from shared.extraction.ai import AiConfig, run_extraction
from shared.extraction.ai.pricing import price_for
from tests.fakes import ai_api_rules
from tests.unit.ai_helpers import make_deps, req


def _load(monkeypatch, cfg: dict):
    from shared.bootstrap import ai_config_from_env

    monkeypatch.setenv("COPYTHAT_AI_CONFIG", json.dumps(cfg))
    return ai_config_from_env(AiConfig, local=True)


def test_every_default_route_is_a_current_model_with_no_shutdown_announced():
    """Against the fake's table of what the APIs serve (written from the providers' lists, not ours)."""
    for strategy, route in AiConfig().routes.items():
        for c in route:
            served = (ai_api_rules.CLAUDE if c.provider == "anthropic" else ai_api_rules.GPT).get(c.model)
            assert served is not None, (strategy, c.model)
            assert served.shutdown is None, (strategy, c.model, served.shutdown)  # no shutdown announced


def test_the_cheaper_current_claude_is_priced_as_published():
    p = price_for("claude-haiku-5-5")  # $0.10 / $0.50 per MTok (prompts up to 100K tokens)
    assert (p.input_per_mtok, p.output_per_mtok) == (0.10, 0.50)
    luna, terra = price_for("gpt-6-luna"), price_for("gpt-6.1-terra")
    assert (luna.input_per_mtok, luna.output_per_mtok) == (0.10, 0.50)
    assert (terra.input_per_mtok, terra.output_per_mtok) == (1.00, 5.00)


@pytest.mark.parametrize("candidate,fragment", [
    ({"provider": "openai", "model": "gpt-4.1-nano"}, "shut down"),  # 2026-10-23
    ({"provider": "anthropic", "model": "claude-sonnet-4-5"}, "shut down"),  # 2026-11-30
    ({"provider": "anthropic", "model": "claude-sonnet-9"}, "not a known model"),
    ({"provider": "openai", "model": "gpt-4.2"}, "not a known model"),
    ({"provider": "anthropic", "model": "claude-sonnet-5-5", "output": "tool"}, "forced tool use"),
    ({"provider": "anthropic", "model": "claude-sonnet-5-5", "thinking": {"type": "disabled"}}, "disabled"),
    ({"provider": "openai", "model": "gpt-6.2-sol", "effort": "none"}, "reasoning_effort"),
])
def test_an_unknown_retired_or_misconfigured_model_is_refused_at_load(monkeypatch, candidate, fragment):
    with pytest.raises((ConfigError, ValueError)) as ei:
        _load(monkeypatch, {"routes": {"quality": [candidate]}})
    assert fragment in str(ei.value) and candidate["model"] in str(ei.value)


def test_a_current_model_loads(monkeypatch):
    cfg = _load(monkeypatch, {"routes": {"cost": [{"provider": "anthropic", "model": "claude-haiku-5-5"},
                                                  {"provider": "openai", "model": "gpt-6-luna"}]}})
    assert [c.model for c in cfg.routes["cost"]] == ["claude-haiku-5-5", "gpt-6-luna"]


def test_model_not_found_is_a_configuration_error_logged_and_alerted(anth, oai, image, palette, caplog):
    """A model the provider no longer serves (here: the day after gpt-4.1's shutdown, with a route
    that still names it) answers 404 model_not_found: logged at ERROR as a configuration error, and
    the day's roll-up raises an alert for it."""
    from shared.extraction.ai.config import Candidate
    from shared.services import cost_rollup
    from tests.fakes.memory import FakeContainer

    anth.set_mode("500")
    oai.state.today = date(2027, 1, 15)
    routes = {"quality": [Candidate(provider="anthropic", model="claude-haiku-5-5"),
                          Candidate(provider="openai", model="gpt-4.1")]}
    deps = make_deps(anth, oai, routes=routes, max_transient_retries=0)
    with caplog.at_level(logging.INFO):
        out = run_extraction(image, palette, req(), deps)
    assert out.provider == "pixels"
    rec = [r for r in out.cost_records if r.provider == "openai"]
    assert [r.error_type for r in rec] == ["model_not_found"] and len(oai.requests) == 1
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and "configuration" in r.getMessage()]
    assert errors and errors[0].fields["model"] == "gpt-4.1"  # type: ignore[attr-defined]
    c = FakeContainer()
    for r in deps.costs.records.values():
        c.costs.record(r)
    day = rec[0].day
    rollup = cost_rollup.rollup_day(cost_rollup.RollupDeps(costs=c.costs, clock=c.clock, rollups=c.rollups), day)
    assert any("config" in a and "gpt-4.1" in a for a in rollup.alerts)
