"""The reference web client's server on the local stack: the page (`webclient/`: plain HTML, ES modules,
CSS), the pinned Firebase JS SDK's browser modules from npm (`/vendor/firebase/…`) and
`/config.json`, which tells the page where this stack's emulators and functions are.

    python -m shared.localstack.web --port 8709 --config .stack/web-8700/config.json --vendor DIR

Only the files the page needs are served (an allow-list, no directory listing, no path from the
request ever reaches the file system); anything else is a JSON error with a stable code. Every
response carries a Content-Security-Policy that allows exactly the page's own scripts (its import
map by hash) and connections to the origins named in the config. One JSON log line per request.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from shared import logs

WEB_ROOT = Path(__file__).resolve().parent / "webclient"
# The Firebase SDK's browser builds the page imports (its import map points at these).
VENDOR_FILES = ("firebase-app.js", "firebase-auth.js", "firebase-firestore.js", "firebase-app-check.js")
# Files of webclient/ that are not the page: its npm manifest and the production config's example.
PRIVATE = {"package.json", "package-lock.json", "config.example.json"}
_PAGE_FILE = re.compile(r"^[a-z0-9][a-z0-9-]*\.(html|js|css|json|svg)$")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
         ".map": "application/json"}
# Inline images go through `upload` up to this size (one request); larger ones get a signed URL.
INLINE_MAX_BYTES = 512 * 1024
# Cloud endpoints the page reaches in production (Firebase Auth, Firestore's WebChannel, the bucket).
PRODUCTION_CONNECT = ("https://identitytoolkit.googleapis.com", "https://securetoken.googleapis.com",
                      "https://firestore.googleapis.com", "https://storage.googleapis.com")
# App Check with reCAPTCHA Enterprise (config.json `appCheck.siteKey`): Google's script and its frame,
# and the token exchange.
APP_CHECK_SCRIPT = ("https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/")
APP_CHECK_FRAME = ("https://www.google.com/recaptcha/", "https://recaptcha.google.com/recaptcha/")
APP_CHECK_CONNECT = ("https://content-firebaseappcheck.googleapis.com",)

log = logs.get("copythat.web")


def local_config(layout) -> dict:
    """The page's configuration on a local stack: the emulators (e-mail/password sign-in on the
    Auth emulator) and the functions' URLs."""
    return {
        "mode": "local",
        "firebase": {"apiKey": "local-api-key", "projectId": layout.project, "authDomain": "127.0.0.1"},
        "emulators": {"auth": f"http://127.0.0.1:{layout.auth_port}",
                      "firestore": {"host": "127.0.0.1", "port": layout.firestore_port}},
        "functions": {name: layout.function_url(name) for name in ("upload", "export", "library", "usage")},
        "signIn": ["password"],
        "inlineMaxBytes": INLINE_MAX_BYTES,
        # Where signed PUTs go (the page only reaches it through the URL `upload` hands out).
        "storage": f"http://127.0.0.1:{layout.storage_port}",
    }


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def import_map_hash(index_html: str) -> str:
    """The CSP hash of the page's inline import map (the only inline script it has)."""
    m = re.search(r'<script type="importmap">(.*?)</script>', index_html, re.S)
    if m is None:
        raise ValueError("webclient/index.html has no import map")
    return "sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode()


def content_security_policy(config: dict, index_html: str) -> str:
    connect = ["'self'"]
    for url in list(config.get("functions", {}).values()) + [config.get("storage", "")]:
        if url:
            connect.append(_origin(url))
    emulators = config.get("emulators") or {}
    if emulators.get("auth"):
        connect.append(_origin(emulators["auth"]))
    if emulators.get("firestore"):
        fs = emulators["firestore"]
        connect.append(f"http://{fs['host']}:{fs['port']}")
    script = ["'self'", f"'{import_map_hash(index_html)}'"]
    frame: list[str] = []
    if config.get("mode") == "production":
        connect += PRODUCTION_CONNECT
        # Google sign-in: the popup's helper iframe on the project's auth domain and Google's loader.
        script.append("https://apis.google.com")
        frame.append(f"https://{config['firebase']['authDomain']}")
    if (config.get("appCheck") or {}).get("siteKey"):
        script += APP_CHECK_SCRIPT
        frame += APP_CHECK_FRAME
        connect += APP_CHECK_CONNECT
    connect = list(dict.fromkeys(connect))
    frame_src = " ".join(frame) if frame else "'none'"
    return "; ".join([
        "default-src 'none'", f"script-src {' '.join(script)}", "style-src 'self'",
        "img-src 'self' data: blob:", f"connect-src {' '.join(connect)}",
        f"frame-src {frame_src}",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ])


class WebApp:
    """What the page's server answers, independent of the HTTP plumbing (tests call `answer`)."""

    def __init__(self, config: dict, vendor: Path, root: Path = WEB_ROOT) -> None:
        self.root = root
        self.vendor = vendor
        self.config = json.dumps(config, indent=2).encode()
        index = (root / "index.html").read_text()
        self.headers = {
            "Content-Security-Policy": content_security_policy(config, index),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
            # Google sign-in's popup must be able to report back to the page.
            "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
            "Cache-Control": "no-cache",
        }

    def _file(self, path: str) -> Path | None:
        if path in ("/", "/index.html"):
            return self.root / "index.html"
        name = path.lstrip("/")
        if "/" not in name and _PAGE_FILE.match(name) and name not in PRIVATE:
            f = self.root / name
            return f if f.is_file() else None
        if path.startswith("/vendor/firebase/"):
            name = path.removeprefix("/vendor/firebase/")
            if name in VENDOR_FILES or (name.endswith(".map") and name[:-4] in VENDOR_FILES):
                f = self.vendor / name
                return f if f.is_file() else None
        return None

    def answer(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        path = urlsplit(path).path
        if method not in ("GET", "HEAD"):
            return self._error(405, "method_not_allowed", "use GET", {"Allow": "GET, HEAD"})
        if path == "/config.json":
            return 200, {**self.headers, "Content-Type": TYPES[".json"]}, self.config
        f = self._file(path)
        if f is None:
            return self._error(404, "not_found", "no such file")
        return 200, {**self.headers, "Content-Type": TYPES[f.suffix]}, f.read_bytes()

    def _error(self, status: int, code: str, message: str, extra: dict | None = None):
        rid = uuid.uuid4().hex
        body = json.dumps({"error": {"code": code, "message": message, "requestId": rid}}).encode()
        return status, {**self.headers, **(extra or {}), "Content-Type": "application/json",
                        "X-Request-Id": rid}, body


def make_server(app: WebApp, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "copythat-web"
        sys_version = ""

        def _serve(self) -> None:
            status, headers, body = app.answer(self.command, self.path)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            logs.info(log, "request", method=self.command, path=urlsplit(self.path).path[:200], status=status)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve  # noqa: N815

        def log_message(self, *args) -> None:  # the JSON line above replaces http.server's own
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def serve_in_thread(app: WebApp, port: int = 0) -> ThreadingHTTPServer:
    """The page on another port in this process (the browser test's second, not allowed, origin)."""
    server = make_server(app, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--config", type=Path, required=True, help="the page's config.json")
    parser.add_argument("--vendor", type=Path, required=True, help="the npm package 'firebase' folder")
    args = parser.parse_args()
    app = WebApp(json.loads(args.config.read_text()), args.vendor)
    server = make_server(app, args.port)
    logs.info(log, "web client served", url=f"http://127.0.0.1:{args.port}/")
    server.serve_forever()


if __name__ == "__main__":
    main()
