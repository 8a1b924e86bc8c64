"""Claude through the official `anthropic` SDK (imported lazily, inside `call`).

Structured JSON: the structured-output feature (`output_config={"format": {"type": "json_schema"}}`)
whose text is JSON, or a forced tool (`tools=[report_palette]`, `tool_choice={"type": "tool"}`)
whose `input` is the answer, for models that take forced tools (only with thinking off). Never regex
parsing. The stop reason is read first: a cut-off or refused answer is never used.
"""
from __future__ import annotations

from shared.extraction.ai.errors import InvalidResponse, RefusalError, Truncated
from shared.extraction.ai.provider import ProviderReply, ProviderRequest, guard_environment, map_sdk_error
from shared.extraction.ai.schema import TOOL_NAME, decode_json_text

API_URL = "https://api.anthropic.com"  # passed explicitly: ANTHROPIC_BASE_URL is never read
TOOL_DESCRIPTION = "Report the labels of the numbered colors and text styles of the image."
CUT_OFF = {"max_tokens": True, "model_context_window_exceeded": False}  # stop reason → more room helps


class AnthropicProvider:
    name = "anthropic"

    def body(self, req: ProviderRequest) -> dict:
        """The Messages API request body, exactly as sent (the API key and timeout travel apart)."""
        content = [
            {"type": "image", "source": {"type": "base64", "media_type": req.image.mime, "data": req.image.b64}},
            {"type": "text", "text": req.prompt},
        ]
        body: dict = {"model": req.model, "max_tokens": req.max_output_tokens, "system": req.system,
                      "messages": [{"role": "user", "content": content}]}
        output_config: dict = {}
        if req.effort:
            output_config["effort"] = req.effort
        if req.thinking:
            body["thinking"] = req.thinking
        if req.output == "tool":
            body["tools"] = [{"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "input_schema": req.schema}]
            body["tool_choice"] = {"type": "tool", "name": TOOL_NAME, "disable_parallel_tool_use": True}
        else:
            output_config["format"] = {"type": "json_schema", "schema": req.schema}
        if output_config:
            body["output_config"] = output_config
        return body

    def call(self, req: ProviderRequest) -> ProviderReply:
        guard_environment(self.name)
        import anthropic  # lazy: only the extract function, only when Claude is used

        client = anthropic.Anthropic(api_key=req.api_key, base_url=req.base_url or API_URL, timeout=req.timeout_s,
                                     max_retries=0)
        try:
            msg = client.messages.create(**self.body(req), timeout=req.timeout_s)
        except anthropic.APIError as exc:
            raise map_sdk_error(exc, anthropic, self.name) from None
        finally:
            client.close()

        u = msg.usage
        tokens = dict(input_tokens=u.input_tokens or 0, output_tokens=u.output_tokens or 0,
                      cache_read_tokens=getattr(u, "cache_read_input_tokens", None) or 0,
                      cache_write_tokens=getattr(u, "cache_creation_input_tokens", None) or 0)
        if msg.stop_reason == "refusal":
            cat = getattr(getattr(msg, "stop_details", None), "category", None)
            raise RefusalError("anthropic: the model refused" + (f" ({cat})" if cat else ""), **tokens)
        if msg.stop_reason in CUT_OFF:  # before any content is read: a partial tool input parses fine
            raise Truncated(f"the answer was cut off ({msg.stop_reason})", more_room=CUT_OFF[msg.stop_reason],
                            **tokens)
        for block in msg.content:
            if block.type == "tool_use" and block.name == TOOL_NAME:
                return ProviderReply(payload=block.input, model=msg.model, **tokens)
        text = "".join(b.text for b in msg.content if b.type == "text")
        if not text.strip():
            raise InvalidResponse(f"no {TOOL_NAME} tool call and no JSON text in the answer", **tokens)
        try:
            payload = decode_json_text(text)
        except ValueError as exc:
            raise InvalidResponse(str(exc), **tokens) from None
        return ProviderReply(payload=payload, model=msg.model, **tokens)
