"""Fake Anthropic Messages API and OpenAI Chat Completions API servers, for the real SDKs.

Real HTTP servers on 127.0.0.1 (stdlib ThreadingHTTPServer in a thread). Point the SDKs at them with
`base_url` (`fake.base_url`: Anthropic `fake.url`, the SDK appends /v1/messages; OpenAI `fake.url + "/v1"`).

    fake = start_fake_anthropic(port=18601, api_key="k")   # or start_fake_openai(...)
    fake.set_mode("429_then_valid"); ...; fake.requests; fake.stop()

or from another process: POST {url}/_fake/mode {"mode": "..."}; GET {url}/_fake/requests;
POST {url}/_fake/reset. As a local stack:

    python -m tests.fakes.ai_servers --anthropic-port 18601 --openai-port 18602

As strict as the documented APIs (tests/fakes/ai_api_rules.py): an unknown or shut-down model is a 404
(`not_found_error` / `model_not_found`); Anthropic refuses thinking types, efforts and forced tool use
a model does not take (400 `invalid_request_error`, the documented error shape); OpenAI refuses
reasoning_effort on a non-reasoning model or a value the model lacks, `max_tokens` on a reasoning
model, and a strict `json_schema` outside the strict subset. Thinking / reasoning tokens bill as
output and count against max_tokens / max_completion_tokens; an answer that does not fit is cut off
(stop_reason "max_tokens", finish_reason "length") with what fitted.

Modes: valid, 429_then_valid (retry-after seconds), retry_after_ms_then_valid (retry-after-ms only),
500, overloaded (Anthropic 529 overloaded_error; OpenAI 503), overloaded_then_valid,
insufficient_quota (OpenAI 429 insufficient_quota, Anthropic 402 billing_error: retrying will not
help), timeout (hangs longer than a client timeout; released by stop()), malformed_json,
malformed_then_valid, schema_violation, invented_colors, refusal, content_filter (OpenAI
finish_reason content_filter), context_exceeded (Anthropic stop_reason
model_context_window_exceeded), cached_tokens (part of the prompt billed as a cache read),
wrong_family (a monospace face named on proportional text and vice versa), hostile_names (names
carrying control and bidi characters), mutating (the answer also carries style sizes/weights).

The answer follows the schema the request sent: compact (`{"l": [...color rows], "t": [...style
rows], "s": [...layout rows]}`, only the keys the schema has) answers the numbered colors, text styles
and layout steps of the prompt (a layout row names its step by kind: space-…, radius-…, elevation-…;
invented_colors also names a step past the list and a radius as spacing; schema_violation gives
rows of three; mutating adds the values it would like);
any other schema gets the full `{"colors": [{"hex", ...}]}` objects. The API key header is checked
(401 with the provider's error body when wrong). Usage is computed from the request (the image by the
model's rule, text length by the model's tokenizer, the answer's length), so costs are realistic.
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
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import ai_api_rules as rules

MODES = ("valid", "429_then_valid", "retry_after_ms_then_valid", "500", "overloaded", "overloaded_then_valid",
         "insufficient_quota", "timeout", "malformed_json", "malformed_then_valid", "schema_violation",
         "invented_colors", "refusal", "content_filter", "context_exceeded", "cached_tokens", "wrong_family",
         "hostile_names", "mutating")
HEX_RE = re.compile(r"#[0-9A-Fa-f]{6}\b")
STYLE_RE = re.compile(r"^(\d+) (\d+(?:\.\d+)?)px (\d+) (serif|sans-serif|monospace|display) (\d+) lines?$", re.M)
STYLES_HEADER = "Text styles of this image"
LAYOUT_HEADER = "Layout steps of this image"
STEP_RE = re.compile(r"^(\d+) (spacing|radius|shadow) (\S+)", re.M)
ROLE_CYCLE = ("background", "text", "primary", "secondary", "accent", "surface", "info", "success",
              "warning", "error", "other")
TOOL_NAME = "report_palette"
FACES = {"sans-serif": ("Inter", "Helvetica Neue, Arial"), "serif": ("Georgia", "Times New Roman"),
         "monospace": ("JetBrains Mono", "Menlo, Consolas"), "display": ("Playfair Display", "Georgia")}
WRONG_FACES = {"sans-serif": ("JetBrains Mono", "Menlo"), "serif": ("Fira Code", ""),
               "monospace": ("Inter", "Arial"), "display": ("Menlo", "")}


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


class ApiError(Exception):
    def __init__(self, status: int, etype: str, message: str, *, code: str | None = None, param: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.etype, self.message, self.code, self.param = status, etype, message, code, param
        self.headers = headers or {}


def _image_size(data_b64: str) -> tuple[int, int] | None:
    try:
        from PIL import Image

        return Image.open(io.BytesIO(base64.b64decode(data_b64))).size
    except Exception:
        return None


def _main_prompt(texts: list[str]) -> str:
    return texts[0].split("previous answer was rejected")[0] if texts else ""


def _prompt_hexes(texts: list[str]) -> list[str]:
    """Hexes listed in the prompt's color list (before any feedback and the text styles)."""
    main = _main_prompt(texts).split(STYLES_HEADER)[0]
    seen: list[str] = []
    for h in HEX_RE.findall(main):
        h = h.upper()
        if h not in seen:
            seen.append(h)
    return seen


def _prompt_styles(texts: list[str]) -> list[dict]:
    main = _main_prompt(texts)
    if STYLES_HEADER not in main:
        return []
    section = main.split(STYLES_HEADER, 1)[1]
    return [{"i": int(m[1]), "size": float(m[2]), "weight": int(m[3]), "class": m[4], "lines": int(m[5])}
            for m in STYLE_RE.finditer(section)]


def _prompt_steps(texts: list[str]) -> list[dict]:
    main = _main_prompt(texts)
    if LAYOUT_HEADER not in main:
        return []
    section = main.split(LAYOUT_HEADER, 1)[1].split("Answer s:")[0]
    return [{"i": int(m[1]), "kind": m[2], "what": m[3]} for m in STEP_RE.finditer(section)]


def _step_rows(mode: str, steps: list[dict]) -> list[list]:
    names = {"spacing": "space-{i}", "radius": "radius-{i}", "shadow": "elevation-{i}"}
    rows = [[s["i"], (("radius-pill" if s["what"] == "pill" else names[s["kind"]].format(i=s["i"])))] for s in steps]
    if mode == "schema_violation":
        return [r + [16] for r in rows] or [[1, "space-md", 16]]
    if mode == "invented_colors":  # one step past the list; a radius named as spacing
        rows.append([len(steps) + 1, "space-extra"])
        rows = [[r[0], "space-card"] if any(s["i"] == r[0] and s["kind"] == "radius" for s in steps) else r
                for r in rows]
    return rows


def _labels(hexes: list[str]) -> list[dict]:
    return [{"hex": h, "name": fake_name(i + 1), "role": ROLE_CYCLE[i % len(ROLE_CYCLE)],
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
# Names as a model gives them (1-3 words): the answer's length, and so the billed output, is realistic.
NAME_CYCLE = ("Paper White", "Ink Black", "Ocean Blue", "Signal Red", "Leaf Green", "Slate Gray", "Sunset Orange",
              "Soft Lilac", "Sand Beige", "Night Navy", "Mint Cream", "Coral Pink")


def fake_name(i: int) -> str:
    """The name the fake gives the color numbered i (1-based) in the list it was sent."""
    return NAME_CYCLE[(i - 1) % len(NAME_CYCLE)] + ("" if i <= len(NAME_CYCLE) else f" {i}")


def _rows(indices: list[int], hostile: bool = False) -> list[list]:
    # hostile: a right-to-left override inside the name and a bell after it
    name = (lambda i: fake_name(i)[:3] + "\u202e" + fake_name(i)[3:] + "\u0007") if hostile else fake_name
    return [[i, name(i), ROLE_CYCLE[(i - 1) % len(ROLE_CYCLE)], USAGE_CYCLE[(i - 1) % len(USAGE_CYCLE)],
             9 - (i - 1) % 5] for i in indices]


def _style_roles(styles: list[dict]) -> dict[int, str]:
    """Headings by size, body = the style with the most lines, smaller ones captions."""
    if not styles:
        return {}
    body = max(styles, key=lambda s: (s["lines"], -s["size"]))
    roles, level = {body["i"]: "body"}, 1
    for s in sorted(styles, key=lambda s: -s["size"]):
        if s["i"] in roles:
            continue
        if s["size"] > body["size"]:
            roles[s["i"]] = f"heading-{min(level, 6)}"
            level += 1
        else:
            roles[s["i"]] = "caption"
    return roles


def _style_rows(mode: str, styles: list[dict]) -> list[list]:
    roles = _style_roles(styles)
    rows = []
    for s in styles:
        face, fallbacks = (WRONG_FACES if mode == "wrong_family" else FACES)[s["class"]]
        if mode == "hostile_names":
            face = "\u202e" + face + "\u0000\u200f"
        if mode == "mutating":
            fallbacks = "font-size: 99px; font-weight: 900"
        rows.append([s["i"], face, fallbacks, roles[s["i"]]])
    if mode == "invented_colors":  # a style nobody listed, and one number moved past the list
        n = len(styles)
        rows = [r if r[0] % 2 else [n + r[0]] + r[1:] for r in rows] + [[n + 1, "Inter", "", "body"]]
    return rows


def _compact(mode: str, hexes: list[str], styles: list[dict], keys: set[str], steps: list[dict] = ()) -> dict:
    out: dict[str, Any] = {}
    if "s" in keys:
        out["s"] = _step_rows(mode, list(steps))
        if mode == "mutating":
            out["values"] = [{"index": s["i"], "value": 99} for s in steps]
    if mode == "schema_violation":
        # index not an integer, empty name, unknown role, usage a number, confidence 17; style rows too long
        if "l" in keys:
            out["l"] = [[f"#{i}", "", "hero", 5, 17] for i in range(1, max(1, len(hexes)) + 1)]
        if "t" in keys:
            out["t"] = [[s["i"], "Inter", "", "hero", 72, 900] for s in styles or [{"i": 1}]]
        return out
    if "l" in keys:
        n = len(hexes)
        if mode == "invented_colors":
            # odd numbers labelled as asked; even ones moved past the list (never listed); plus n + 1
            out["l"] = _rows([i if i % 2 else n + i for i in range(1, n + 1)] + [n + 1])
        else:
            out["l"] = _rows(list(range(1, n + 1)), hostile=(mode == "hostile_names"))
    if "t" in keys:
        out["t"] = _style_rows(mode, styles)
    if mode == "mutating":
        out["styles"] = [{"index": s["i"], "font_size": 99, "font_weight": 900, "line_height": 3.0} for s in styles]
    return out


def _sent_schema(body: dict) -> dict:
    for tool in body.get("tools") or []:
        if isinstance(tool, dict) and isinstance(tool.get("input_schema"), dict):
            return tool["input_schema"]
    fmt = (body.get("output_config") or {}).get("format") or {}
    if isinstance(fmt.get("schema"), dict):
        return fmt["schema"]
    js = (body.get("response_format") or {}).get("json_schema") or {}
    return js.get("schema") if isinstance(js.get("schema"), dict) else {}


def _answer_for(body: dict, mode: str, texts: list[str]) -> dict:
    keys = set((_sent_schema(body).get("properties") or {}))
    hexes = _prompt_hexes(texts)
    if keys & {"l", "t", "s"}:
        return _compact(mode, hexes, _prompt_styles(texts), keys, _prompt_steps(texts))
    kind = mode if mode in ("invented_colors", "schema_violation") else "valid"
    return {"colors": {"valid": _labels, "invented_colors": _invent, "schema_violation": _violations}[kind](hexes)}


def _violations(hexes: list[str]) -> list[dict]:
    return [{"hex": h.lstrip("#") + "Z", "role": "hero", "usage": "everywhere", "confidence": 1.7}
            for h in hexes or ["#000000"]]


def _out_tokens(text: str, factor: float = 1.0) -> int:
    return math.ceil(len(text) / 3.2 * factor)


def _fit(answer: dict, budget: int, factor: float) -> dict:
    """What of the answer fits in `budget` output tokens: whole rows, in order (a cut-off reply)."""
    out: dict[str, list] = {k: [] for k in answer if isinstance(answer[k], list)}
    for k in out:
        for row in answer[k]:
            out[k].append(row)
            if _out_tokens(json.dumps(out), factor) > budget:
                out[k].pop()
                return out
    return out


class _State:
    def __init__(self, api_key: str | None) -> None:
        self.mode = "valid"
        self.mode_calls = 0
        self.api_key = api_key
        self.retry_after = "1"
        self.retry_after_ms = "1500"
        self.hang_s = 30.0
        self.latency_s = 0.0  # how long each answer takes (concurrency tests widen the race window with it)
        self.today: date | None = None  # None: today's UTC date (models past their shutdown are gone)
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

    def set_mode(self, mode: str, *, retry_after: str | None = None, hang_s: float | None = None,
                 retry_after_ms: str | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        with self.state.lock:
            self.state.mode = mode
            self.state.mode_calls = 0
            if retry_after is not None:
                self.state.retry_after = retry_after
            if retry_after_ms is not None:
                self.state.retry_after_ms = retry_after_ms
            if hang_s is not None:
                self.state.hang_s = hang_s

    @property
    def mode(self) -> str:
        return self.state.mode

    @property
    def today(self) -> date:
        return self.state.today or datetime.now(timezone.utc).date()

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
            self.state.latency_s = 0.0
            self.state.today = None

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

    def error_body(self, err: ApiError) -> dict:
        raise NotImplementedError

    def validate(self, body: dict) -> None:
        """Raise ApiError for what the real API refuses."""

    def fault(self, mode: str, n: int) -> ApiError | None:
        """The error a failure mode answers with on its n-th call (None: answer normally)."""
        st = self.state
        if mode == "429_then_valid" and n == 0:
            return ApiError(429, "rate_limit_error", "rate limited", headers={"retry-after": st.retry_after})
        if mode == "retry_after_ms_then_valid" and n == 0:
            return ApiError(429, "rate_limit_error", "rate limited", headers={"retry-after-ms": st.retry_after_ms})
        if mode == "500":
            return ApiError(500, "api_error", "internal server error")
        return None

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

            def _error(self, rec: RecordedRequest | None, err: ApiError) -> None:
                if rec is not None:
                    rec.status = err.status
                self._send(err.status, fake.error_body(err), err.headers)

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
                self._error(None, ApiError(404, "not_found_error", "not found"))

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
                    b = body or {}
                    try:
                        fake.set_mode(str(b.get("mode")), retry_after=b.get("retry_after"), hang_s=b.get("hang_s"),
                                      retry_after_ms=b.get("retry_after_ms"))
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
                    self._error(rec, ApiError(404, "not_found_error", f"no route {self.path}"))
                    return
                if not fake.check_key(headers):
                    self._error(rec, ApiError(401, "authentication_error", "invalid x-api-key"))
                    return
                if not isinstance(body, dict):
                    self._error(rec, ApiError(400, "invalid_request_error", "body must be JSON"))
                    return
                try:
                    fake.validate(body)
                except ApiError as err:
                    self._error(rec, err)
                    return
                err = fake.fault(mode, n)
                if err is not None:
                    self._error(rec, err)
                    return
                if mode == "timeout":
                    st.release.wait(st.hang_s)
                    self._error(rec, ApiError(500, "api_error", "released"))
                    rec.status = 599
                    return
                if st.latency_s:
                    time.sleep(st.latency_s)
                if mode == "malformed_then_valid":
                    mode = "malformed_json" if n == 0 else "valid"
                if mode in ("429_then_valid", "retry_after_ms_then_valid", "overloaded_then_valid"):
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

    def error_body(self, err: ApiError) -> dict:
        return {"type": "error", "error": {"type": err.etype, "message": err.message},
                "request_id": f"req_fake{len(self.state.requests)}"}

    def fault(self, mode: str, n: int) -> ApiError | None:
        if mode == "overloaded" or (mode == "overloaded_then_valid" and n == 0):
            return ApiError(529, "overloaded_error", "Overloaded")
        if mode == "insufficient_quota":
            return ApiError(402, "billing_error", "Your credit balance is too low to access the Anthropic API.")
        return super().fault(mode, n)

    def model(self, body: dict) -> rules.ClaudeModel:
        name = body.get("model")
        m = rules.CLAUDE.get(name) if isinstance(name, str) else None
        if m is None or (m.shutdown is not None and self.today >= m.shutdown):
            raise ApiError(404, "not_found_error", f"model: {name}")
        return m

    def validate(self, body: dict) -> None:
        for f in ("model", "max_tokens", "messages"):
            if f not in body:
                raise ApiError(400, "invalid_request_error", f"{f}: Field required")
        m = self.model(body)
        if not isinstance(body["max_tokens"], int) or body["max_tokens"] < 1:
            raise ApiError(400, "invalid_request_error", "max_tokens: must be a positive integer")
        oc = body.get("output_config") or {}
        effort = oc.get("effort")
        if effort is not None and effort not in m.efforts:
            raise ApiError(400, "invalid_request_error", f"output_config.effort: {effort!r} is not supported for this "
                           "model" if m.efforts else "output_config.effort: effort is not supported for this model")
        thinking = body.get("thinking") or {}
        ttype = thinking.get("type")
        if ttype is not None and ttype not in m.thinking:
            alt = "Use \"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior." \
                if "adaptive" in m.thinking else ""
            raise ApiError(400, "invalid_request_error",
                           f"\"thinking.type.{ttype}\" is not supported for this model. {alt}".strip())
        if ttype == "disabled" and m.disabled_efforts and (effort or m.default_effort) not in m.disabled_efforts:
            raise ApiError(400, "invalid_request_error",
                           f"thinking.type.disabled is not supported at effort {effort!r}")
        if ttype == "enabled":
            budget = thinking.get("budget_tokens")
            if not isinstance(budget, int) or budget < 1024 or budget >= body["max_tokens"]:
                raise ApiError(400, "invalid_request_error", "thinking.budget_tokens: must be ≥ 1024 and < max_tokens")
        choice = body.get("tool_choice") or {}
        if choice.get("type") in ("tool", "any"):
            if not m.forced_tool:
                raise ApiError(400, "invalid_request_error",
                               "tool_choice: forcing tool use is not supported for this model; use \"auto\"")
            if self.thinks(body, m):
                raise ApiError(400, "invalid_request_error",
                               "Thinking may not be enabled when tool_choice forces tool use.")
            names = [t.get("name") for t in body.get("tools") or []]
            if choice.get("type") == "tool" and choice.get("name") not in names:
                raise ApiError(400, "invalid_request_error", "tool_choice.name: no tool of that name")
        fmt = oc.get("format")
        if fmt is not None:
            if fmt.get("type") != "json_schema" or not isinstance(fmt.get("schema"), dict):
                raise ApiError(400, "invalid_request_error", "output_config.format: a json_schema is required")
            problems = rules.schema_problems(fmt["schema"], keywords=rules.ANTHROPIC_KEYWORDS, all_required=False)
            if problems:
                raise ApiError(400, "invalid_request_error", "output_config.format.schema: " + "; ".join(problems[:3]))

    @staticmethod
    def thinks(body: dict, m: rules.ClaudeModel) -> bool:
        ttype = (body.get("thinking") or {}).get("type")
        return ttype in ("adaptive", "enabled") or (ttype is None and m.thinking_default_on)

    def answer(self, body: dict, mode: str) -> tuple[int, dict, dict[str, str]]:
        m = self.model(body)
        texts: list[str] = []
        image_tokens = 0
        for msg in body.get("messages", []):
            content = msg.get("content")
            if isinstance(content, str):
                texts.append(content)
                continue
            for block in content or []:
                if block.get("type") == "text":
                    texts.append(block.get("text", ""))
                elif block.get("type") == "image":
                    size = _image_size(block.get("source", {}).get("data", ""))
                    if size:
                        image_tokens += rules.claude_image_tokens(size[0], size[1], m.large_vision)
        tools = body.get("tools") or []
        structured = ((body.get("output_config") or {}).get("format") or {}).get("type") == "json_schema"
        text_len = len(json.dumps(tools)) + sum(len(t) for t in texts) + len(str(body.get("system", "")))
        text_len += len(json.dumps((body.get("output_config") or {}).get("format") or {}))
        input_tokens = image_tokens + math.ceil(text_len / 3.5 * m.tokenizer) + (313 if tools else 0)
        usage: dict[str, Any] = {"input_tokens": input_tokens, "output_tokens": 0, "cache_read_input_tokens": 0,
                                 "cache_creation_input_tokens": 0}
        if mode == "cached_tokens":  # a cached prefix: billed at the cache-read rate, not as input
            cached = min(input_tokens - 1, 512)
            usage.update(input_tokens=input_tokens - cached, cache_read_input_tokens=cached)
        msg_out: dict[str, Any] = {"id": f"msg_fake_{len(self.state.requests)}", "type": "message",
                                   "role": "assistant", "model": body["model"], "stop_sequence": None}
        content: list[dict] = []
        thinking_tokens = 0
        if self.thinks(body, m):  # the model thinks before it answers: thinking bills as output
            effort = (body.get("output_config") or {}).get("effort") or m.default_effort
            thinking_tokens = rules.THINKING_TOKENS[effort]
            content.append({"type": "thinking", "thinking": "", "signature": "sig_fake"})
        if mode == "refusal":
            msg_out.update(content=[], stop_reason="refusal",
                           stop_details={"type": "refusal", "category": None, "explanation": "declined"},
                           usage={**usage, "output_tokens": 3})
            return 200, msg_out, {}
        if mode == "malformed_json":
            msg_out.update(content=content + [{"type": "text", "text": '{"colors": [{"hex": "#12'}],
                           stop_reason="end_turn", usage={**usage, "output_tokens": thinking_tokens + 12})
            return 200, msg_out, {}
        answer = _answer_for(body, mode, texts)
        full_tokens = _out_tokens(json.dumps(answer), m.tokenizer)
        budget = body["max_tokens"] - thinking_tokens
        stop = "tool_use" if tools and not structured else "end_turn"
        out_tokens = thinking_tokens + full_tokens
        if mode == "context_exceeded" or full_tokens > budget:
            # cut off: what fitted comes back (a tool input parsed from the partial JSON, or partial text)
            stop = "model_context_window_exceeded" if mode == "context_exceeded" else "max_tokens"
            answer = _fit(answer, max(budget, 0) if stop == "max_tokens" else full_tokens // 3, m.tokenizer)
            out_tokens = body["max_tokens"] if stop == "max_tokens" else thinking_tokens + full_tokens // 3
        if structured or not tools:
            text = json.dumps(answer)
            if stop in ("max_tokens", "model_context_window_exceeded"):
                text = text[:-2]  # the closing brackets never came
            content.append({"type": "text", "text": text})
        else:
            name = (body.get("tool_choice") or {}).get("name") or tools[0].get("name", TOOL_NAME)
            content.append({"type": "tool_use", "id": "toolu_fake", "name": name, "input": answer})
        msg_out.update(content=content, stop_reason=stop, usage={**usage, "output_tokens": out_tokens})
        return 200, msg_out, {"request-id": "req_fake"}


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

    def error_body(self, err: ApiError) -> dict:
        mapped = {"rate_limit_error": ("requests", "rate_limit_exceeded"),
                  "authentication_error": ("invalid_request_error", "invalid_api_key"),
                  "api_error": ("server_error", None),
                  "not_found_error": ("invalid_request_error", "not_found"),
                  "invalid_request_error": ("invalid_request_error", None)}.get(err.etype, (err.etype, None))
        return {"error": {"message": err.message, "type": mapped[0], "param": err.param, "code": err.code or mapped[1]}}

    def fault(self, mode: str, n: int) -> ApiError | None:
        if mode == "overloaded" or (mode == "overloaded_then_valid" and n == 0):
            return ApiError(503, "server_error", "The server is overloaded or not ready yet.")
        if mode == "insufficient_quota":
            return ApiError(429, "insufficient_quota", "You exceeded your current quota, please check your plan "
                            "and billing details.", code="insufficient_quota")
        return super().fault(mode, n)

    def model(self, body: dict) -> rules.GptModel:
        name = body.get("model")
        m = rules.GPT.get(name) if isinstance(name, str) else None
        if m is None or (m.shutdown is not None and self.today >= m.shutdown):
            raise ApiError(404, "invalid_request_error", f"The model `{name}` does not exist or you do not have "
                           "access to it.", code="model_not_found")
        return m

    def validate(self, body: dict) -> None:
        if "messages" not in body or "model" not in body:
            raise ApiError(400, "invalid_request_error", "Missing required parameter: 'messages'.",
                           code="missing_required_parameter", param="messages")
        m = self.model(body)
        effort = body.get("reasoning_effort")
        if effort is not None:
            if not m.efforts:
                raise ApiError(400, "invalid_request_error", "Unsupported parameter: 'reasoning_effort' is not "
                               "supported with this model.", code="unsupported_parameter", param="reasoning_effort")
            if effort not in m.efforts:
                raise ApiError(400, "invalid_request_error", f"Unsupported value: 'reasoning_effort' does not "
                               f"support {effort!r} with this model.", code="unsupported_value",
                               param="reasoning_effort")
        if m.efforts and "max_tokens" in body:
            raise ApiError(400, "invalid_request_error", "Unsupported parameter: 'max_tokens' is not supported with "
                           "this model. Use 'max_completion_tokens' instead.", code="unsupported_parameter",
                           param="max_tokens")
        if body.get("tools") and m.tools_need_effort_none and (effort or "medium") != "none":
            raise ApiError(400, "invalid_request_error", "Function tools with reasoning_effort are not supported "
                           "in /v1/chat/completions; use /v1/responses.", param="tools")
        rf = body.get("response_format") or {}
        if rf.get("type") == "json_schema":
            js = rf.get("json_schema") or {}
            if not re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", str(js.get("name", ""))):
                raise ApiError(400, "invalid_request_error", "Invalid 'response_format.json_schema.name'.",
                               param="response_format")
            if js.get("strict"):
                problems = rules.schema_problems(js.get("schema"), keywords=rules.OPENAI_KEYWORDS, all_required=True)
                if problems:
                    raise ApiError(400, "invalid_request_error", f"Invalid schema for response_format "
                                   f"'{js.get('name')}': " + "; ".join(problems[:3]), param="response_format")

    def answer(self, body: dict, mode: str) -> tuple[int, dict, dict[str, str]]:
        m = self.model(body)
        texts: list[str] = []
        image_tokens = 0
        system_len = 0
        for msg in body.get("messages", []):
            content = msg.get("content")
            if msg.get("role") in ("system", "developer"):
                system_len += len(content) if isinstance(content, str) else 0
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
                    image_tokens += rules.gpt_image_tokens(*size, m.image, detail) if size else 85
        text_len = len(json.dumps(body.get("response_format") or {})) + sum(len(t) for t in texts) + system_len
        prompt_tokens = image_tokens + math.ceil(text_len / 3.5)
        cached = min(prompt_tokens - 1, 256) if mode == "cached_tokens" else 0
        reasoning = rules.REASONING_TOKENS.get(body.get("reasoning_effort") or "medium", 256) if m.efforts else 0
        limit = body.get("max_completion_tokens") or body.get("max_tokens") or 10_000
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish = "stop"
        if mode == "refusal":
            message["refusal"] = "I'm sorry, I can't help with that."
            completion = 9
        elif mode == "malformed_json":
            message["content"] = '{"colors": [{"hex": "#12'
            completion = 12
        else:
            answer = _answer_for(body, mode, texts)
            text = json.dumps(answer)
            completion = _out_tokens(text)
            if mode == "content_filter":
                text, finish = json.dumps(_fit(answer, completion // 3, 1.0))[:-2], "content_filter"
                completion = completion // 3
            elif reasoning + completion > limit:
                text, finish = json.dumps(_fit(answer, max(limit - reasoning, 0), 1.0))[:-2], "length"
                completion = max(limit - reasoning, 0)
            message["content"] = text
        usage: dict[str, Any] = {"prompt_tokens": prompt_tokens, "completion_tokens": reasoning + completion,
                                 "total_tokens": prompt_tokens + reasoning + completion,
                                 "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
                                 "completion_tokens_details": {"reasoning_tokens": reasoning, "audio_tokens": 0}}
        resp = {
            "id": f"chatcmpl-fake{len(self.state.requests)}", "object": "chat.completion",
            "created": int(time.time()), "model": body["model"], "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": usage,
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


def sample_typography(n: int = 3):
    """A TypographyResult as the pixel extractor measures one (sizes, weights, classes, boxes), for
    the AI tests: a 32 px heading, 16 px body, 13 px monospace code, then more body-ish styles."""
    from shared.domain.typography import TextStyle, TypographyResult

    base = [dict(font_size=32.0, font_weight=700, line_height=1.2, family_class="serif", lines=1, share=0.2),
            dict(font_size=16.0, font_weight=400, line_height=1.5, family_class="sans-serif", lines=14, share=0.6),
            dict(font_size=13.0, font_weight=400, line_height=1.4, family_class="monospace", lines=4, share=0.2),
            dict(font_size=20.0, font_weight=600, line_height=None, family_class="sans-serif", lines=2, share=0.1),
            dict(font_size=12.0, font_weight=500, line_height=None, family_class="sans-serif", lines=3, share=0.05)]
    styles = [TextStyle(**{**s, "letter_spacing": 0.2 * i, "color": "#1C1917", "role": "body" if i == 1 else None,
                           "confidence": {"fontSize": 0.9, "fontWeight": 0.8, "family": 0.7},
                           "boxes": [{"x": 10, "y": 20 + 40 * i, "w": 200, "h": int(s["font_size"])}]})
              for i, s in enumerate(base[:n])]
    return TypographyResult(styles=styles, lines=sum(s.lines for s in styles), text_area=0.3)


def fake_pair(anthropic_key: str | None, openai_key: str | None):
    """Both fakes on ephemeral ports, as a generator for a pytest fixture: yields (anthropic, openai)."""
    a = start_fake_anthropic(0, anthropic_key)
    o = start_fake_openai(0, openai_key)
    try:
        yield a, o
    finally:
        a.stop()
        o.stop()
