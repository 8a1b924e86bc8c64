"""A client of the running local stack, as the web app would be one: signs a user in on the Auth
emulator, calls the HTTPS functions, PUTs to signed URLs, reads job documents."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from shared.localstack.layout import Layout


@dataclass
class HttpResult:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


def request(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 60) -> HttpResult:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return HttpResult(resp.status, dict(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as err:
        return HttpResult(err.code, dict(err.headers.items()), err.read())


class StackClient:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def sign_up(self, email: str, password: str = "copythat-demo") -> tuple[str, str]:
        """A new user on the Auth emulator → (uid, ID token)."""
        url = (f"http://127.0.0.1:{self.layout.auth_port}/identitytoolkit.googleapis.com/v1/"
               f"accounts:signUp?key=local-api-key")
        res = request("POST", url, body=json.dumps({"email": email, "password": password,
                                                    "returnSecureToken": True}).encode(),
                      headers={"Content-Type": "application/json"})
        if res.status != 200:
            raise RuntimeError(f"sign-up failed: {res.status} {res.body[:200]!r}")
        data = res.json()
        return data["localId"], data["idToken"]

    def call(self, function: str, method: str, token: str | None, *, json_body: dict | None = None,
             query: dict | None = None, headers: dict[str, str] | None = None, raw: bytes | None = None) -> HttpResult:
        url = self.layout.function_url(function)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        h = dict(headers or {})
        if token:
            h["Authorization"] = f"Bearer {token}"
        body = raw
        if json_body is not None:
            body = json.dumps(json_body).encode()
            h.setdefault("Content-Type", "application/json")
        return request(method, url, body=body, headers=h)

    def drop_key(self, token: str, project_id: str) -> str:
        """A new drop key of the caller's project (through `library`): drops go to `drops/{key}/`."""
        res = request("POST", self.layout.function_url("library") + f"projects/{project_id}/dropKeys",
                      headers={"Authorization": f"Bearer {token}"})
        if res.status != 201:
            raise RuntimeError(f"drop key refused: {res.status} {res.body[:300]!r}")
        return res.json()["dropKey"]["key"]

    def start_upload(self, token: str, data: bytes, content_type: str, **options) -> dict:
        res = self.call("upload", "POST", token, json_body={"contentType": content_type, "size": len(data),
                                                            **options})
        if res.status != 201:
            raise RuntimeError(f"upload refused: {res.status} {res.body[:300]!r}")
        ticket = res.json()
        put = request("PUT", ticket["upload"]["url"], body=data, headers=ticket["upload"]["headers"])
        if put.status not in (200, 201):
            raise RuntimeError(f"signed PUT failed: {put.status} {put.body[:300]!r}")
        return ticket
