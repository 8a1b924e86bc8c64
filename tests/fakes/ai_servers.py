"""Fake Anthropic Messages API and OpenAI Chat Completions API servers, for the real SDKs.

Real HTTP servers on 127.0.0.1 (stdlib ThreadingHTTPServer in a thread). Point the SDKs at them with
`base_url` (Anthropic: `fake.url`, the SDK appends /v1/messages; OpenAI: `fake.url + "/v1"`, which
`fake.base_url` gives for both).

    fake = start_fake_anthropic(port=18601, api_key="k")   # or start_fake_openai(...)
    fake.set_mode("429_then_valid"); ...; fake.requests; fake.stop()

or from another process: POST {url}/_fake/mode {"mode": "..."}; GET {url}/_fake/requests;
POST {url}/_fake/reset. As a local stack:

    python -m tests.fakes.ai_servers --anthropic-port 18601 --openai-port 18602

Modes: valid, 429_then_valid (first request 429 with retry-after, then valid), 500, timeout (hangs
longer than a client timeout; released by stop()), malformed_json, malformed_then_valid,
schema_violation, invented_colors, refusal. "valid" labels the pixel hexes found in the request's
prompt (the first text block), so answers match the image. The answer follows the schema the request
sent: the compact one (`{"l": [[index, name, role, usage, confidence 0-10], ...]}`, property "l") gets
rows by index (invented_colors: indices the prompt did not list; schema_violation: broken rows);
any other (or none) gets the full `{"colors": [{"hex", ...}]}` objects. The API key header is checked (401 with
the provider's error body when wrong). Usage tokens are computed from the request (image size by the
provider's rule, text length), so costs are realistic.
"""
from __future__ import annotations

import argparse
import base64
import io
import json
import math
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = ("valid", "429_then_valid", "500", "timeout", "malformed_json", "malformed_then_valid",
         "schema_violation", "invented_colors", "refusal")
HEX_RE = re.compile(r"#[0-9A-Fa-f]{6}\b")
ROLE_CYCLE = ("background", "text", "primary", "secondary", "accent", "surface", "info", "success",
              "warning", "error", "other")
TOOL_NAME = "report_palette"


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    time: float  # time.monotonic() when received
    mode: str
    status: int = 0

    def text(self) -> str:
        """All text of the request (prompts), for assertions."""
        return json.dumps(self.body) if self.body is not None else ""


def _image_size(data_b64: str) -> tuple[int, int] | None:
    try:
        from PIL import Image

        return Image.open(io.BytesIO(base64.b64decode(data_b64))).size
    except Exception:
        return None


def _prompt_hexes(texts: list[str]) -> list[str]:
    """Hexes listed in the prompt (before any feedback section)."""
    if not texts:
        return []
    main = texts[0].split("previous answer was rejected")[0]
    seen: list[str] = []
    for h in HEX_RE.findall(main):
        h = h.upper()
        if h not in seen:
            seen.append(h)
    return seen


def _labels(hexes: list[str]) -> list[dict]:
    return [{"hex": h, "name": f"Color {i + 1}", "role": ROLE_CYCLE[i % len(ROLE_CYCLE)],
             "usage": "fills" if i == 0 else "details", "confidence": round(0.9 - 0.05 * (i % 5), 2)}
            for i, h in enumerate(hexes)]


def _invent(hexes: list[str]) -> list[dict]:
    """Even positions: nudged a little (ΔE ≈ 1–3, should snap); odd: the complementary color
    (usually far from every pixel color, should drop); plus one magenta nobody asked for."""
    out = []
    for i, h in enumerate(hexes):
        r, g, b = (int(h[k:k + 2], 16) for k in (1, 3, 5))
        if i % 2 == 0:
            r, g, b = (min(255, v + 4) if v < 128 else v - 4 for v in (r, g, b))
        else:
            r, g, b = 255 - r, 255 - g, 255 - b
        out.append(f"#{r:02X}{g:02X}{b:02X}")
    out.append("#FF00FF")
    return _labels(out)


USAGE_CYCLE = ("page background", "text", "buttons", "links", "highlights", "surfaces")


def _rows(indices: list[int]) -> list[list]:
    return [[i, f"Color {i}", ROLE_CYCLE[(i - 1) % len(ROLE_CYCLE)], USAGE_CYCLE[(i - 1) % len(USAGE_CYCLE)],
             9 - (i - 1) % 5] for i in indices]


def _compact(mode: str, hexes: list[str]) -> dict:
    n = len(hexes)
    if mode == "valid":
        return {"l": _rows(list(range(1, n + 1)))}
    if mode == "invented_colors":
        # odd numbers labelled as asked; even ones moved past the list (never listed); plus n + 1
        return {"l": _rows([i if i % 2 else n + i for i in range(1, n + 1)] + [n + 1])}
    # schema_violation: index not an integer, empty name, unknown role, usage a number, confidence 17
    return {"l": [[f"#{i}", "", "hero", 5, 17] for i in range(1, max(1, n) + 1)]}


def _sent_schema(body: dict) -> dict:
    for tool in body.get("tools") or []:
        if isinstance(tool, dict) and isinstance(tool.get("input_schema"), dict):
            return tool["input_schema"]
    fmt = (body.get("output_config") or {}).get("format") or {}
    if isinstance(fmt.get("schema"), dict):
        return fmt["schema"]
    js = (body.get("response_format") or {}).get("json_schema") or {}
    return js.get("schema") if isinstance(js.get("schema"), dict) else {}


def _answer_for(body: dict, mode: str, hexes: list[str]) -> dict:
    if "l" in (_sent_schema(body).get("properties") or {}):
        return _compact(mode, hexes)
    return {"colors": {"valid": _labels, "invented_colors": _invent, "schema_violation": _violations}[mode](hexes)}


def _violations(hexes: list[str]) -> list[dict]:
    bad = []
    for i, h in enumerate(hexes or ["#000000"]):
        bad.append({"hex": h.lstrip("#") + "Z", "role": "hero", "usage": "everywhere", "confidence": 1.7})
    return bad


class _State:
    def __init__(self, api_key: str | None) -> None:
        self.mode = "valid"
        self.mode_calls = 0
        self.api_key = api_key
        self.retry_after = "1"
        self.hang_s = 30.0
        self.requests: list[RecordedRequest] = []
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests served at once: the load run checks dispatch limits


class FakeServer:
    kind = "base"

    def __init__(self, port: int = 0, api_key: str | None = None, host: str = "127.0.0.1") -> None:
        self.state = _State(api_key)
        handler = self._handler_class()
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # type: ignore[attr-defined]
        self.httpd.fake = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True, name=f"fake-{self.kind}")
        self.thread.start()

    # ---- control ----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What to pass to the SDK as base_url."""
        return self.url

    def set_mode(self, mode: str, *, retry_after: str | None = None, hang_s: float | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        with self.state.lock:
            self.state.mode = mode
            self.state.mode_calls = 0
            if retry_after is not None:
                self.state.retry_after = retry_after
            if hang_s is not None:
                self.state.hang_s = hang_s

    @property
    def mode(self) -> str:
        return self.state.mode

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.state.lock:
            return [r for r in self.state.requests if not r.path.startswith("/_fake")]

    @property
    def last_request(self) -> RecordedRequest | None:
        reqs = self.requests
        return reqs[-1] if reqs else None

    def reset(self) -> None:
        with self.state.lock:
            self.state.requests.clear()
            self.state.mode = "valid"
            self.state.mode_calls = 0

    def stop(self) -> None:
        self.state.release.set()  # let hanging "timeout" handlers go
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---- protocol (per provider) --------------------------------------------------------------
    api_path = "/"

    def check_key(self, headers: dict[str, str]) -> bool:
        raise NotImplementedError

    def error_body(self, status: int, etype: str, message: str) -> dict:
        raise NotImplementedError

    def answer(self, body: dict, mode: str) -> tuple[int, dict, dict[str, str]]:
        raise NotImplementedError

    # ---- HTTP -------------------------------------------------------------------------------
    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: dict | None, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

            def _body(self) -> Any:
                n = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(n) if n else b""
                try:
                    return json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    return None

            def do_GET(self) -> None:
                if self.path.startswith("/_fake/requests"):
                    reqs = fake.requests
                    self._send(200, {"count": len(reqs), "mode": fake.mode,
                                     "requests": [{"path": r.path, "mode": r.mode, "status": r.status,
                                                   "time": r.time} for r in reqs]})
                    return
                self._send(404, fake.error_body(404, "not_found_error", "not found"))

            def do_POST(self) -> None:
                st = fake.state
                with st.lock:
                    st.in_flight += 1
                    st.max_in_flight = max(st.max_in_flight, st.in_flight)
                try:
                    self._do_post()
                finally:
                    with st.lock:
                        st.in_flight -= 1

            def _do_post(self) -> None:
                body = self._body()
                headers = {k.lower(): v for k, v in self.headers.items()}
                if self.path.startswith("/_fake/mode"):
                    try:
                        fake.set_mode(str((body or {}).get("mode")), retry_after=(body or {}).get("retry_after"),
                                      hang_s=(body or {}).get("hang_s"))
                        self._send(200, {"mode": fake.mode})
                    except ValueError as exc:
                        self._send(400, {"error": str(exc)})
                    return
                if self.path.startswith("/_fake/reset"):
                    fake.reset()
                    self._send(200, {"ok": True})
                    return
                st = fake.state
                with st.lock:
                    mode = st.mode
                    n = st.mode_calls
                    st.mode_calls += 1
                    rec = RecordedRequest("POST", self.path, headers, body, time.monotonic(), mode)
                    st.requests.append(rec)
                if self.path.split("?")[0] != fake.api_path:
                    rec.status = 404
                    self._send(404, fake.error_body(404, "not_found_error", f"no route {self.path}"))
                    return
                if not fake.check_key(headers):
                    rec.status = 401
                    self._send(401, fake.error_body(401, "authentication_error", "invalid x-api-key"))
                    return
                if not isinstance(body, dict):
                    rec.status = 400
                    self._send(400, fake.error_body(400, "invalid_request_error", "body must be JSON"))
                    return
                if mode == "429_then_valid" and n == 0:
                    rec.status = 429
                    self._send(429, fake.error_body(429, "rate_limit_error", "rate limited"),
                               {"retry-after": st.retry_after})
                    return
                if mode == "500":
                    rec.status = 500
                    self._send(500, fake.error_body(500, "api_error", "internal server error"))
                    return
                if mode == "timeout":
                    st.release.wait(st.hang_s)
                    rec.status = 599
                    self._send(500, fake.error_body(500, "api_error", "released"))
                    return
                if mode == "malformed_then_valid":
                    mode = "malformed_json" if n == 0 else "valid"
                if mode == "429_then_valid":
                    mode = "valid"
                status, payload, hdrs = fake.answer(body, mode)
                rec.status = status
                self._send(status, payload, hdrs)

        return Handler


class FakeAnthropic(FakeServer):
    kind = "anthropic"
    api_path = "/v1/messages"

    def check_key(self, headers: dict[str, str]) -> bool:
        # The API takes `x-api-key`; anthropic SDK 2.x sends the key as `Authorization: Bearer`.
        key = headers.get("x-api-key")
        if not key and headers.get("authorization", "").startswith("Bearer "):
            key = headers["authorization"][len("Bearer "):]
        return bool(key) and (self.state.api_key is None or key == self.state.api_key)

    def error_body(self, status: int, etype: str, message: str) -> dict:
        return {"type": "error", "error": {"type": etype, "message": message}}

    def answer(self, body: dict, mode: str) -> tuple[int, dict, dict[str, str]]:
        texts: list[str] = []
        image_tokens = 0
        for m in body.get("messages", []):
            content = m.get("content")
            if isinstance(content, str):
                texts.append(content)
                continue
            for block in content or []:
                if block.get("type") == "text":
                    texts.append(block.get("text", ""))
                elif block.get("type") == "image":
                    size = _image_size(block.get("source", {}).get("data", ""))
                    if size:
                        image_tokens += min(1600, math.ceil(size[0] * size[1] / 750))
        hexes = _prompt_hexes(texts)
        tools = body.get("tools") or []
        structured = ((body.get("output_config") or {}).get("format") or {}).get("type") == "json_schema"
        text_len = len(json.dumps(tools)) + sum(len(t) for t in texts) + len(str(body.get("system", "")))
        input_tokens = image_tokens + math.ceil(text_len / 3.5) + (313 if tools else 0)
        model = body.get("model", "claude-unknown")
        msg: dict[str, Any] = {"id": f"msg_fake_{len(self.state.requests)}", "type": "message", "role": "assistant",
                               "model": model, "stop_sequence": None}
        if mode == "refusal":
            msg.update(content=[], stop_reason="refusal",
                       stop_details={"type": "refusal", "category": None, "explanation": "declined"},
                       usage={"input_tokens": input_tokens, "output_tokens": 3})
            return 200, msg, {}
        if mode == "malformed_json":
            text = '{"colors": [{"hex": "#12'
            msg.update(content=[{"type": "text", "text": text}], stop_reason="end_turn",
                       usage={"input_tokens": input_tokens, "output_tokens": 12})
            return 200, msg, {}
        answer = _answer_for(body, mode, hexes)
        out_tokens = math.ceil(len(json.dumps(answer)) / 3.2)
        if structured or not tools:
            content = [{"type": "text", "text": json.dumps(answer)}]
            stop = "end_turn"
        else:
            name = (body.get("tool_choice") or {}).get("name") or tools[0].get("name", TOOL_NAME)
            content = [{"type": "tool_use", "id": "toolu_fake", "name": name, "input": answer}]
            stop = "tool_use"
        msg.update(content=content, stop_reason=stop,
                   usage={"input_tokens": input_tokens, "output_tokens": out_tokens})
        return 200, msg, {"request-id": "req_fake"}


class FakeOpenAI(FakeServer):
    kind = "openai"
    api_path = "/v1/chat/completions"

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def check_key(self, headers: dict[str, str]) -> bool:
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return False
        return self.state.api_key is None or auth[len("Bearer "):] == self.state.api_key

    def error_body(self, status: int, etype: str, message: str) -> dict:
        mapped = {"rate_limit_error": ("requests", "rate_limit_exceeded"),
                  "authentication_error": ("invalid_request_error", "invalid_api_key"),
                  "api_error": ("server_error", None),
                  "not_found_error": ("invalid_request_error", "not_found"),
                  "invalid_request_error": ("invalid_request_error", None)}.get(etype, (etype, None))
        return {"error": {"message": message, "type": mapped[0], "param": None, "code": mapped[1]}}

    def answer(self, body: dict, mode: str) -> tuple[int, dict, dict[str, str]]:
        texts: list[str] = []
        image_tokens = 0
        for m in body.get("messages", []):
            content = m.get("content")
            if m.get("role") == "system":
                continue
            if isinstance(content, str):
                texts.append(content)
                continue
            for part in content or []:
                if part.get("type") == "text":
                    texts.append(part.get("text", ""))
                elif part.get("type") == "image_url":
                    detail = part.get("image_url", {}).get("detail", "auto")
                    url = part.get("image_url", {}).get("url", "")
                    size = _image_size(url.split(",", 1)[1]) if "," in url else None
                    if detail == "low" or not size:
                        image_tokens += 85
                    else:
                        w, h = size
                        image_tokens += 85 + 170 * math.ceil(w / 512) * math.ceil(h / 512)
        hexes = _prompt_hexes(texts)
        text_len = len(json.dumps(body.get("response_format") or {})) + sum(len(t) for t in texts)
        prompt_tokens = image_tokens + math.ceil(text_len / 3.5)
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish = "stop"
        if mode == "refusal":
            message["refusal"] = "I'm sorry, I can't help with that."
            completion = 9
        elif mode == "malformed_json":
            message["content"] = '{"colors": [{"hex": "#12'
            completion = 12
        else:
            message["content"] = json.dumps(_answer_for(body, mode, hexes))
            completion = math.ceil(len(message["content"]) / 3.2)
        resp = {
            "id": f"chatcmpl-fake{len(self.state.requests)}", "object": "chat.completion",
            "created": int(time.time()), "model": body.get("model", "gpt-unknown"), "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion,
                      "total_tokens": prompt_tokens + completion},
        }
        return 200, resp, {"x-request-id": "req_fake"}


def start_fake_anthropic(port: int = 0, api_key: str | None = None) -> FakeAnthropic:
    return FakeAnthropic(port, api_key)


def start_fake_openai(port: int = 0, api_key: str | None = None) -> FakeOpenAI:
    return FakeOpenAI(port, api_key)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Fake Anthropic / OpenAI servers for a local stack")
    ap.add_argument("--anthropic-port", type=int, default=18601)
    ap.add_argument("--openai-port", type=int, default=18602)
    ap.add_argument("--anthropic-key", default=None, help="accept only this key (default: any)")
    ap.add_argument("--openai-key", default=None, help="accept only this key (default: any)")
    ap.add_argument("--mode", default="valid", choices=MODES)
    args = ap.parse_args(argv)
    a = start_fake_anthropic(args.anthropic_port, args.anthropic_key)
    o = start_fake_openai(args.openai_port, args.openai_key)
    a.set_mode(args.mode)
    o.set_mode(args.mode)
    print(f"fake anthropic: {a.base_url}  (control: POST {a.url}/_fake/mode)", flush=True)
    print(f"fake openai:    {o.base_url}  (control: POST {o.url}/_fake/mode)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        a.stop()
        o.stop()


if __name__ == "__main__":
    main()


def sample_ui_image(width: int = 512, height: int = 320, seed: int = 0):
    """A flat UI-like NormalizedImage (header bar, text lines, buttons) for tests and benchmarks;
    `seed` varies the brand colors so distinct seeds give distinct images (and sha256)."""
    import hashlib

    import numpy as np

    from shared.extraction.image import NormalizedImage

    rgb = np.zeros((height, width, 3), np.uint8)
    rgb[:] = (250, 250, 250)
    brand = ((26 + 37 * seed) % 256, (115 + 53 * seed) % 256, (232 + 71 * seed) % 256)
    rgb[: height // 8] = brand
    rgb[height // 3: height // 3 + height // 16, width // 10: width // 2] = (33, 33, 33)
    rgb[height // 2: height // 2 + height // 10, width // 10: width // 4] = (234, 67, 53)
    rgb[height // 2: height // 2 + height // 10, width // 3: width // 2] = (52, 168, 83)
    rgb[int(height * 0.75):, :] = (241, 243, 244)
    digest = hashlib.sha256(rgb.tobytes() + bytes(str(rgb.shape), "ascii")).hexdigest()
    return NormalizedImage(rgb=rgb, alpha=None, width=width, height=height, format="PNG", mime="image/png",
                           transparency=0.0, digest=digest)


def fake_pair(anthropic_key: str | None, openai_key: str | None):
    """Both fakes on ephemeral ports, as a generator for a pytest fixture: yields (anthropic, openai)."""
    a = start_fake_anthropic(0, anthropic_key)
    o = start_fake_openai(0, openai_key)
    try:
        yield a, o
    finally:
        a.stop()
        o.stop()
