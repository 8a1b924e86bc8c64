"""The fake servers themselves: control endpoint, key check, timeout release, SDK wire formats."""
from __future__ import annotations

import json
import time
import urllib.request

import pytest

from tests.fakes.ai_servers import MODES, start_fake_anthropic, start_fake_openai


def _post(url, body, headers=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read()), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), dict(e.headers)


def test_control_endpoint_and_error_bodies():
    a = start_fake_anthropic(0, "k")
    try:
        assert _post(a.url + "/_fake/mode", {"mode": "429_then_valid", "retry_after": "7"})[0] == 200
        assert a.mode == "429_then_valid"
        assert _post(a.url + "/_fake/mode", {"mode": "nope"})[0] == 400
        msg = {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "#112233 #445566"}]}
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
        st, body, _ = _post(o.url + "/v1/chat/completions", {"model": "m", "messages": []},
                            {"authorization": "Bearer k"})
        assert st == 500 and "error" in body and body["error"]["type"] == "server_error"
        st, body, _ = _post(o.url + "/v1/chat/completions", {"model": "m", "messages": []})
        assert st == 401 and body["error"]["code"] == "invalid_api_key"
    finally:
        o.stop()


def test_timeout_mode_is_released_by_stop():
    import threading

    a = start_fake_anthropic(0)
    a.set_mode("timeout", hang_s=60)
    result = {}

    def call():
        result["r"] = _post(a.url + "/v1/messages", {"model": "m", "max_tokens": 1, "messages": []},
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
                     lambda: oc.chat.completions.create(model="gpt-4.1-mini",
                                                        messages=[{"role": "user", "content": "#ABCDEF"}])):
            try:
                call()
            except (anthropic.APIError, openai.APIError) as exc:
                assert mode in ("429_then_valid", "500", "timeout"), (mode, exc)
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
        st, body, _ = _post(f"http://127.0.0.1:{po}/v1/chat/completions", {"model": "m", "messages": []},
                            {"authorization": "Bearer any"})
        assert st == 200 and body["choices"][0]["message"]["content"] is not None
    finally:
        p.send_signal(signal.SIGINT)
        p.wait(10)


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
        msg = ac.messages.create(model="claude-sonnet-5-5", max_tokens=100,
                                 messages=[{"role": "user", "content": [{"type": "text", "text": prompt}]}],
                                 output_config={"format": {"type": "json_schema", "schema": compact_json_schema()}})
        tool = ac.messages.create(model="claude-haiku-4-5", max_tokens=100,
                                  messages=[{"role": "user", "content": prompt}],
                                  tools=[{"name": "report_palette", "input_schema": compact_json_schema()}],
                                  tool_choice={"type": "tool", "name": "report_palette"})
        chat = oc.chat.completions.create(
            model="gpt-4.1-mini", messages=[{"role": "user", "content": [{"type": "text", "text": prompt}]}],
            response_format={"type": "json_schema",
                             "json_schema": {"name": "p", "strict": True, "schema": compact_json_schema()}})
        if mode == "refusal":
            assert msg.stop_reason == "refusal" and chat.choices[0].message.refusal
            return
        texts = [msg.content[0].text, chat.choices[0].message.content]
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
                assert [c.index for c in rows] == [1, 2] and rows[0].name == "Color 1"
            else:  # invented: 1 kept, 2 moved to 4, plus 3
                assert [c.index for c in rows] == [1, 4, 3]
    finally:
        a.stop()
        o.stop()
