"""OpenAI through the official `openai` SDK (imported lazily, inside `call`): Chat Completions with
`response_format={"type": "json_schema", "json_schema": {..., "strict": true}}`; the message content
is the JSON answer. The finish reason is read first: a cut-off (`length`) or filtered
(`content_filter`) answer is never used; `message.refusal` is a refusal."""
from __future__ import annotations

from shared.extraction.ai.errors import InvalidResponse, RefusalError, Truncated
from shared.extraction.ai.provider import ProviderReply, ProviderRequest, guard_environment, map_sdk_error
from shared.extraction.ai.schema import decode_json_text

API_URL = "https://api.openai.com/v1"  # passed explicitly: OPENAI_BASE_URL is never read
SCHEMA_NAME = "design_labels"


class OpenAIProvider:
    name = "openai"

    def body(self, req: ProviderRequest) -> dict:
        """The Chat Completions request body, exactly as sent (the API key and timeout travel apart)."""
        body: dict = {
            "model": req.model,
            "messages": [
                {"role": "system", "content": req.system},
                {"role": "user", "content": [
                    {"type": "text", "text": req.prompt},
                    {"type": "image_url", "image_url": {"url": f"data:{req.image.mime};base64,{req.image.b64}",
                                                        "detail": req.detail}},
                ]},
            ],
            "response_format": {"type": "json_schema",
                                "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": req.schema}},
            "max_completion_tokens": req.max_output_tokens,
        }
        if req.effort is not None:
            body["reasoning_effort"] = req.effort
        return body

    def call(self, req: ProviderRequest) -> ProviderReply:
        guard_environment(self.name)
        import openai  # lazy: only the extract function, only when OpenAI is used

        client = openai.OpenAI(api_key=req.api_key, base_url=req.base_url or API_URL, timeout=req.timeout_s,
                               max_retries=0)
        try:
            resp = client.chat.completions.create(**self.body(req), timeout=req.timeout_s)
        except openai.APIError as exc:
            raise map_sdk_error(exc, openai, self.name) from None
        finally:
            client.close()

        u = resp.usage
        cached = 0
        if u is not None and getattr(u, "prompt_tokens_details", None) is not None:
            cached = getattr(u.prompt_tokens_details, "cached_tokens", None) or 0
        tokens = dict(input_tokens=(u.prompt_tokens if u else 0) - cached,
                      output_tokens=u.completion_tokens if u else 0,  # reasoning tokens included
                      cache_read_tokens=cached)
        if not resp.choices:
            raise InvalidResponse("the answer had no choices", **tokens)
        choice = resp.choices[0]
        msg = choice.message
        if getattr(msg, "refusal", None):
            raise RefusalError("openai: the model refused", **tokens)
        if choice.finish_reason == "length":
            raise Truncated("the answer was cut off (length)", **tokens)
        if choice.finish_reason == "content_filter":
            err = RefusalError("openai: the answer was stopped by the content filter", **tokens)
            err.error_type = "content_filter"
            raise err
        try:
            payload = decode_json_text(msg.content or "")
        except ValueError as exc:
            raise InvalidResponse(str(exc), **tokens) from None
        return ProviderReply(payload=payload, model=resp.model or req.model, **tokens)
