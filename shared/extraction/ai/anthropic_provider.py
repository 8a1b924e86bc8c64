"""Claude through the official `anthropic` SDK (imported lazily, inside `call`).

Structured JSON: by default a forced tool (`tools=[report_palette]`, `tool_choice={"type": "tool"}`)
whose `input` is the answer; or, with `anthropic_output="json_schema"`, the structured-output feature
(`output_config={"format": {"type": "json_schema", ...}}`) whose text is JSON. Never regex parsing.
"""
from __future__ import annotations

from shared.extraction.ai.errors import InvalidResponse, RefusalError
from shared.extraction.ai.provider import ProviderReply, ProviderRequest, map_sdk_error
from shared.extraction.ai.schema import TOOL_NAME, decode_json_text


class AnthropicProvider:
    name = "anthropic"

    def call(self, req: ProviderRequest) -> ProviderReply:
        import anthropic  # lazy: only the extract function, only when Claude is used

        client = anthropic.Anthropic(api_key=req.api_key, base_url=req.base_url, timeout=req.timeout_s,
                                     max_retries=0)
        content = [
            {"type": "image", "source": {"type": "base64", "media_type": req.image.mime, "data": req.image.b64}},
            {"type": "text", "text": req.prompt},
        ]
        kwargs: dict = {
            "model": req.model,
            "max_tokens": req.max_output_tokens,
            "system": req.system,
            "messages": [{"role": "user", "content": content}],
            "timeout": req.timeout_s,
        }
        output_config: dict = {}
        if req.anthropic_effort:
            output_config["effort"] = req.anthropic_effort
        if req.anthropic_thinking:
            kwargs["thinking"] = req.anthropic_thinking
        if req.anthropic_output == "json_schema":
            output_config["format"] = {"type": "json_schema", "schema": req.schema}
        else:
            kwargs["tools"] = [{
                "name": TOOL_NAME,
                "description": "Report the name, role, usage and confidence of the image's palette colors.",
                "input_schema": req.schema,
            }]
            kwargs["tool_choice"] = {"type": "tool", "name": TOOL_NAME, "disable_parallel_tool_use": True}
        if output_config:
            kwargs["output_config"] = output_config
        try:
            msg = client.messages.create(**kwargs)
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
        for block in msg.content:
            if block.type == "tool_use" and block.name == TOOL_NAME:
                return ProviderReply(payload=block.input, model=msg.model, **tokens)
        if msg.stop_reason == "max_tokens":
            raise InvalidResponse("the answer was cut off at max_tokens", **tokens)
        text = "".join(b.text for b in msg.content if b.type == "text")
        if not text.strip():
            raise InvalidResponse(f"no {TOOL_NAME} tool call in the answer", **tokens)
        try:
            payload = decode_json_text(text)
        except ValueError as exc:
            raise InvalidResponse(f"no {TOOL_NAME} tool call, and {exc}", **tokens) from None
        return ProviderReply(payload=payload, model=msg.model, **tokens)
