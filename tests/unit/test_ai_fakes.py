"""The fake servers themselves: control endpoint, key check, timeout release, SDK wire formats."""
from __future__ import annotations

import json
import time
import urllib.request

import pytest

from tests.fakes.ai_servers import MODES, fake_name, start_fake_anthropic, start_fake_openai


def _post(url, body, headers=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read()), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), dict(e.headers)


def test_control_endpoint_and_error_bodies():
    a = start_fake_anthropic(0, "k")
    try:
        assert _post(a.url + "/_fake/mode", {"mode": "429_then_valid", "retry_after": "7"})[0] == 200
        assert a.mode == "429_then_valid"
        assert _post(a.url + "/_fake/mode", {"mode": "nope"})[0] == 400
        msg = {"model": "claude-haiku-4-5", "max_tokens": 200,
               "messages": [{"role": "user", "content": "#112233 #445566"}]}
        st, body, hdrs = _post(a.url + "/v1/messages", msg, {"x-api-key": "k"})
        assert st == 429 and body["type"] == "error" and body["error"]["type"] == "rate_limit_error"
        assert hdrs.get("retry-after") == "7"
        st, body, _ = _post(a.url + "/v1/messages", msg, {"x-api-key": "k"})
        assert st == 200 and body["content"][0]["type"] == "text"  # no tools sent → JSON text
        assert [c["hex"] for c in json.loads(body["content"][0]["text"])["colors"]] == ["#112233", "#445566"]
        assert _post(a.url + "/v1/messages", msg, {"x-api-key": "bad"})[0] == 401
        with urllib.request.urlopen(a.url + "/_fake/requests") as r:
            assert json.loads(r.read())["count"] == 3
        assert len(a.requests) == 3 and a.requests[0].status == 429
    finally:
        a.stop()


def test_openai_error_body_and_bearer_check():
    o = start_fake_openai(0, "k")
    try:
        o.set_mode("500")
        st, body, _ = _post(o.url + "/v1/chat/completions", {"model": "gpt-6-luna", "messages": []},
                            {"authorization": "Bearer k"})
        assert st == 500 and "error" in body and body["error"]["type"] == "server_error"
        st, body, _ = _post(o.url + "/v1/chat/completions", {"model": "gpt-6-luna", "messages": []})
        assert st == 401 and body["error"]["code"] == "invalid_api_key"
    finally:
        o.stop()


def test_timeout_mode_is_released_by_stop():
    import threading

    a = start_fake_anthropic(0)
    a.set_mode("timeout", hang_s=60)
    result = {}

    def call():
        result["r"] = _post(a.url + "/v1/messages", {"model": "claude-haiku-5-5", "max_tokens": 1, "messages": []},
                            {"x-api-key": "any"})

    t = threading.Thread(target=call, daemon=True)
    t.start()
    time.sleep(0.2)
    t0 = time.monotonic()
    a.stop()
    t.join(5)
    assert not t.is_alive() and time.monotonic() - t0 < 5


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_answers_through_the_real_sdks(mode):
    import anthropic
    import openai

    a = start_fake_anthropic(0)
    o = start_fake_openai(0)
    try:
        a.set_mode(mode, hang_s=2)
        o.set_mode(mode, hang_s=2)
        ac = anthropic.Anthropic(api_key="x", base_url=a.base_url, max_retries=0, timeout=0.5)
        oc = openai.OpenAI(api_key="x", base_url=o.base_url, max_retries=0, timeout=0.5)
        for call in (lambda: ac.messages.create(model="claude-haiku-4-5", max_tokens=100,
                                                messages=[{"role": "user", "content": "#ABCDEF"}]),
                     lambda: oc.chat.completions.create(model="gpt-6-luna", reasoning_effort="none",
                                                        messages=[{"role": "user", "content": "#ABCDEF"}])):
            try:
                call()
            except (anthropic.APIError, openai.APIError) as exc:
                assert mode in ("429_then_valid", "retry_after_ms_then_valid", "500", "timeout", "overloaded",
                                "overloaded_then_valid", "insufficient_quota"), (mode, exc)
        assert len(a.requests) == 1 and len(o.requests) == 1
    finally:
        a.stop()
        o.stop()


def test_module_cli_starts_both_fakes():
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    import socket

    def free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    pa, po = free_port(), free_port()
    root = Path(__file__).resolve().parents[2]
    p = subprocess.Popen([sys.executable, "-m", "tests.fakes.ai_servers", "--anthropic-port", str(pa),
                          "--openai-port", str(po)], cwd=root, stdout=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONPATH": str(root)})
    try:
        lines = [p.stdout.readline(), p.stdout.readline()]
        assert str(pa) in lines[0] and f"{po}/v1" in lines[1]
        assert _post(f"http://127.0.0.1:{pa}/_fake/mode", {"mode": "refusal"})[1] == {"mode": "refusal"}
        st, body, _ = _post(f"http://127.0.0.1:{po}/v1/chat/completions", {"model": "gpt-6-luna", "messages": []},
                            {"authorization": "Bearer any"})
        assert st == 200 and body["choices"][0]["message"]["content"] is not None
    finally:
        p.send_signal(signal.SIGINT)
        try:
            p.wait(60)  # generous: under load the child may still be importing when it is told to stop
        except subprocess.TimeoutExpired:
            p.kill()
            raise


@pytest.mark.parametrize("mode", ["valid", "invented_colors", "schema_violation", "malformed_json", "refusal"])
def test_fakes_answer_the_compact_schema_sent(mode):
    """The schema the request carries picks the answer shape: rows by number for the compact one."""
    import anthropic
    import openai

    from shared.extraction.ai.schema import compact_json_schema, validate_payload

    prompt = "Colors of this image (number, hex, area):\n1 #112233 60%\n2 #445566 40%\n"
    a = start_fake_anthropic(0)
    o = start_fake_openai(0)
    try:
        a.set_mode(mode)
        o.set_mode(mode)
        ac = anthropic.Anthropic(api_key="x", base_url=a.base_url, max_retries=0, timeout=2)
        oc = openai.OpenAI(api_key="x", base_url=o.base_url, max_retries=0, timeout=2)
        msg = ac.messages.create(model="claude-sonnet-5-5", max_tokens=200, thinking={"type": "between_tools"},
                                 messages=[{"role": "user", "content": [{"type": "text", "text": prompt}]}],
                                 output_config={"format": {"type": "json_schema", "schema": compact_json_schema()}})
        tool = ac.messages.create(model="claude-haiku-4-5", max_tokens=200,
                                  messages=[{"role": "user", "content": prompt}],
                                  tools=[{"name": "report_palette", "input_schema": compact_json_schema()}],
                                  tool_choice={"type": "tool", "name": "report_palette"})
        chat = oc.chat.completions.create(
            model="gpt-6-luna", reasoning_effort="none", messages=[{"role": "user", "content": [{"type": "text", "text": prompt}]}],
            response_format={"type": "json_schema",
                             "json_schema": {"name": "p", "strict": True, "schema": compact_json_schema()}})
        if mode == "refusal":
            assert msg.stop_reason == "refusal" and chat.choices[0].message.refusal
            return
        texts = [next(b.text for b in msg.content if b.type == "text"), chat.choices[0].message.content]
        if mode == "malformed_json":
            for t in texts:
                with pytest.raises(json.JSONDecodeError):
                    json.loads(t)
            return
        payloads = [json.loads(t) for t in texts] + [tool.content[0].input]
        for payload in payloads:
            assert set(payload) == {"l"}
            if mode == "schema_violation":
                with pytest.raises(ValueError):
                    validate_payload(payload, 12, "compact")
                continue
            rows = validate_payload(payload, 12, "compact").colors
            if mode == "valid":
                assert [c.index for c in rows] == [1, 2] and rows[0].name == fake_name(1)
            else:  # invented: 1 kept, 2 moved to 4, plus 3
                assert [c.index for c in rows] == [1, 4, 3]
    finally:
        a.stop()
        o.stop()


# ---- as strict as the documented APIs (issue 16 #5) ------------------------------------------------

def _msg(model, **kw):
    return {"model": model, "max_tokens": kw.pop("max_tokens", 400),
            "messages": [{"role": "user", "content": "Colors of this image (number, hex, area):\n1 #112233 60%\n"}],
            **kw}


_TOOL = {"tools": [{"name": "report_palette", "input_schema": {"type": "object", "properties": {}}}],
         "tool_choice": {"type": "tool", "name": "report_palette"}}
_FMT = lambda schema: {"output_config": {"format": {"type": "json_schema", "schema": schema}}}  # noqa: E731
_CLOSED = {"type": "object", "properties": {"l": {"type": "array"}}, "required": ["l"], "additionalProperties": False}


@pytest.mark.parametrize("body,status,etype,fragment", [
    (_msg("claude-nope-9"), 404, "not_found_error", "model: claude-nope-9"),
    (_msg("claude-sonnet-4-5"), 404, "not_found_error", "model"),  # end of life 2026-11-30
    (_msg("claude-sonnet-5-5", **_TOOL), 400, "invalid_request_error", "forcing tool use"),
    (_msg("claude-sonnet-5-5", thinking={"type": "disabled"}), 400, "invalid_request_error", "thinking.type.disabled"),
    (_msg("claude-opus-5-5", thinking={"type": "disabled"}), 400, "invalid_request_error", "thinking.type.disabled"),
    (_msg("claude-haiku-5-5", **_TOOL), 400, "invalid_request_error", "Thinking may not be enabled"),
    (_msg("claude-haiku-5-5", thinking={"type": "disabled"}, output_config={"effort": "xhigh"}), 400,
     "invalid_request_error", "effort"),
    (_msg("claude-haiku-5-5", thinking={"type": "enabled", "budget_tokens": 2000}, max_tokens=4000), 400,
     "invalid_request_error", "thinking.type.enabled"),
    (_msg("claude-haiku-4-5", output_config={"effort": "low"}), 400, "invalid_request_error", "effort"),
    (_msg("claude-haiku-4-5", thinking={"type": "adaptive"}), 400, "invalid_request_error", "adaptive"),
    (_msg("claude-haiku-5-5", thinking={"type": "disabled"}, **_FMT({"type": "object", "properties": {}})), 400,
     "invalid_request_error", "additionalProperties"),
    (_msg("claude-haiku-5-5", thinking={"type": "disabled"},
          **_FMT({**_CLOSED, "properties": {"l": {"type": "integer", "minimum": 1}}})), 400,
     "invalid_request_error", "minimum"),
])
def test_fake_anthropic_refuses_what_the_api_refuses(body, status, etype, fragment):
    a = start_fake_anthropic(0, "k")
    a.state.today = __import__("datetime").date(2026, 12, 7)
    try:
        st, resp, _ = _post(a.url + "/v1/messages", body, {"x-api-key": "k"})
        assert st == status and resp["type"] == "error" and resp["error"]["type"] == etype
        assert fragment in resp["error"]["message"] and resp["request_id"]
    finally:
        a.stop()


@pytest.mark.parametrize("body", [
    _msg("claude-haiku-5-5", thinking={"type": "disabled"}, output_config={"effort": "low"}, **_TOOL),
    _msg("claude-sonnet-5-5", thinking={"type": "between_tools"}, **_FMT(_CLOSED)),
    _msg("claude-haiku-4-5", **_TOOL),
    _msg("claude-opus-5-5", output_config={"effort": "low"}),
])
def test_fake_anthropic_accepts_documented_combinations(body):
    a = start_fake_anthropic(0, "k")
    try:
        assert _post(a.url + "/v1/messages", body, {"x-api-key": "k"})[0] == 200
    finally:
        a.stop()


def _chat(model, **kw):
    return {"model": model, "messages": [{"role": "user", "content": "#112233"}], **kw}


def _rf(schema):
    return {"response_format": {"type": "json_schema", "json_schema": {"name": "p", "strict": True, "schema": schema}}}


@pytest.mark.parametrize("body,status,code,fragment", [
    (_chat("gpt-nope"), 404, "model_not_found", "does not exist"),
    (_chat("gpt-4.1-nano"), 404, "model_not_found", "gpt-4.1-nano"),  # shut down 2026-10-23
    (_chat("gpt-4.1", reasoning_effort="low"), 400, "unsupported_parameter", "reasoning_effort"),
    (_chat("gpt-6.2-sol", reasoning_effort="none"), 400, "unsupported_value", "none"),
    (_chat("gpt-6-luna", max_tokens=100), 400, "unsupported_parameter", "max_completion_tokens"),
    (_chat("gpt-6-luna", **_rf({"type": "object", "properties": {"a": {"type": "string"}},
                                "additionalProperties": False})), 400, None, "required"),
    (_chat("gpt-6-luna", **_rf({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]})),
     400, None, "additionalProperties"),
    (_chat("gpt-6-luna", **_rf({**_CLOSED, "properties": {"l": {"type": "array", "prefixItems": []}}})), 400, None,
     "prefixItems"),
    (_chat("gpt-6-luna", **_rf({"anyOf": [_CLOSED]})), 400, None, "root"),
])
def test_fake_openai_refuses_what_the_api_refuses(body, status, code, fragment):
    o = start_fake_openai(0, "k")
    o.state.today = __import__("datetime").date(2026, 12, 7)
    try:
        st, resp, _ = _post(o.url + "/v1/chat/completions", body, {"authorization": "Bearer k"})
        assert st == status and resp["error"]["code"] == code and fragment in resp["error"]["message"]
        assert set(resp["error"]) == {"message", "type", "param", "code"}
    finally:
        o.stop()


def test_fakes_cut_off_answers_that_do_not_fit_and_bill_thinking_as_output():
    import anthropic
    import openai

    from shared.extraction.ai.schema import compact_json_schema

    prompt = "Colors of this image (number, hex, area):\n" + "".join(f"{i} #1122{i:02d} 10%\n" for i in range(1, 7))
    a, o = start_fake_anthropic(0), start_fake_openai(0)
    try:
        ac = anthropic.Anthropic(api_key="x", base_url=a.base_url, max_retries=0, timeout=2)
        oc = openai.OpenAI(api_key="x", base_url=o.base_url, max_retries=0, timeout=2)
        tool = {"tools": [{"name": "report_palette", "input_schema": compact_json_schema()}],
                "tool_choice": {"type": "tool", "name": "report_palette"}}
        cut = ac.messages.create(model="claude-haiku-4-5", max_tokens=40, messages=[{"role": "user", "content": prompt}],
                                 **tool)
        assert cut.stop_reason == "max_tokens" and 0 < len(cut.content[0].input["l"]) < 6
        assert cut.usage.output_tokens == 40
        whole = ac.messages.create(model="claude-haiku-4-5", max_tokens=400, messages=[{"role": "user", "content": prompt}],
                                   **tool)
        assert whole.stop_reason == "tool_use" and len(whole.content[0].input["l"]) == 6
        # Sonnet 5.5 thinks unless told not to: the thinking fills max_tokens first
        thinks = ac.messages.create(model="claude-sonnet-5-5", max_tokens=600, messages=[{"role": "user", "content": prompt}],
                                    output_config={"format": {"type": "json_schema", "schema": compact_json_schema()}})
        assert thinks.stop_reason == "max_tokens" and thinks.content[0].type == "thinking"
        a.set_mode("context_exceeded")
        ctx = ac.messages.create(model="claude-haiku-4-5", max_tokens=400, messages=[{"role": "user", "content": prompt}],
                                 **tool)
        assert ctx.stop_reason == "model_context_window_exceeded"
        rf = {"type": "json_schema", "json_schema": {"name": "p", "strict": True, "schema": compact_json_schema()}}
        short = oc.chat.completions.create(model="gpt-6-luna", reasoning_effort="none", max_completion_tokens=30,
                                           messages=[{"role": "user", "content": prompt}], response_format=rf)
        assert short.choices[0].finish_reason == "length"
        with pytest.raises(json.JSONDecodeError):
            json.loads(short.choices[0].message.content)
        reasons = oc.chat.completions.create(model="gpt-6-luna", max_completion_tokens=2000,  # default effort medium
                                             messages=[{"role": "user", "content": prompt}], response_format=rf)
        assert reasons.usage.completion_tokens_details.reasoning_tokens > 0
        o.set_mode("content_filter")
        filtered = oc.chat.completions.create(model="gpt-6-luna", reasoning_effort="none",
                                              messages=[{"role": "user", "content": prompt}], response_format=rf)
        assert filtered.choices[0].finish_reason == "content_filter"
    finally:
        a.stop()
        o.stop()


def test_fakes_error_modes_have_the_documented_shapes():
    a, o = start_fake_anthropic(0, "k"), start_fake_openai(0, "k")
    try:
        body = _msg("claude-haiku-4-5")
        a.set_mode("overloaded")
        st, resp, _ = _post(a.url + "/v1/messages", body, {"x-api-key": "k"})
        assert st == 529 and resp["error"]["type"] == "overloaded_error"
        a.set_mode("retry_after_ms_then_valid", retry_after_ms="1250")
        st, _, hdrs = _post(a.url + "/v1/messages", body, {"x-api-key": "k"})
        assert st == 429 and hdrs.get("retry-after-ms") == "1250" and "retry-after" not in hdrs
        assert _post(a.url + "/v1/messages", body, {"x-api-key": "k"})[0] == 200
        a.set_mode("cached_tokens")
        st, resp, _ = _post(a.url + "/v1/messages", body, {"x-api-key": "k"})
        assert st == 200 and resp["usage"]["cache_read_input_tokens"] > 0
        o.set_mode("insufficient_quota")
        st, resp, _ = _post(o.url + "/v1/chat/completions", _chat("gpt-6-luna"), {"authorization": "Bearer k"})
        assert st == 429 and resp["error"]["code"] == "insufficient_quota" and resp["error"]["type"] == "insufficient_quota"
        o.set_mode("cached_tokens")
        st, resp, _ = _post(o.url + "/v1/chat/completions", _chat("gpt-6-luna"), {"authorization": "Bearer k"})
        assert resp["usage"]["prompt_tokens_details"]["cached_tokens"] > 0
    finally:
        a.stop()
        o.stop()
