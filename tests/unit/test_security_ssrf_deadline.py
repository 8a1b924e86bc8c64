"""The image-URL fetch's deadline holds on every socket operation (issue 17 item 6): before, it was checked
only between 64 KiB reads and the status line and headers were not timed, so a server dripping bytes
held a 2 s fetch for 6.4 s. A real TLS server on 127.0.0.1 drips; the fetcher's own pinned HTTPS
connection (SNI, certificate check against a throwaway CA) talks to it."""
from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time

import pytest

from shared.security.ssrf import ImageUrlFetcher, UrlRefused, _PinnedHTTPSConnection

TIMEOUT_S = 1.0
SLACK_S = 0.6  # thread wake-up and TLS teardown on a loaded 2-core machine


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=img.example",
                    "-addext", "subjectAltName=DNS:img.example", "-keyout", str(d / "key.pem"),
                    "-out", str(d / "cert.pem")], check=True, capture_output=True)
    return d / "cert.pem", d / "key.pem"


def _server(cert, behaviour):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*map(str, cert))
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        listener.settimeout(10)
        try:
            raw, _ = listener.accept()
        except OSError:
            return
        try:
            with ctx.wrap_socket(raw, server_side=True) as conn:
                conn.recv(4096)  # the request
                behaviour(conn, stop)
        except OSError:
            pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    return listener, stop


def drip(data: bytes, every_s: float):
    def behaviour(conn, stop):
        for i in range(len(data)):
            if stop.is_set():
                return
            conn.sendall(data[i:i + 1])
            time.sleep(every_s)
    return behaviour


HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nX-Padding: " + b"a" * 60 + b"\r\nContent-Length: 4\r\n\r\nPNG!"
BODY = b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n"


@pytest.mark.parametrize(("label", "behaviour"), [
    ("status line and headers dripped", drip(HEADERS, 0.05)),  # ~5 s in all, every byte within 0.05 s
    ("body dripped", lambda conn, stop: (conn.sendall(BODY), drip(b"x" * 400, 0.02)(conn, stop))),  # ~8 s
])
def test_a_dripping_server_is_cut_off_at_the_deadline(cert, label, behaviour):
    listener, stop = _server(cert, behaviour)
    port = listener.getsockname()[1]
    ctx = ssl.create_default_context(cafile=str(cert[0]))
    fetcher = ImageUrlFetcher(max_bytes=1 << 20, timeout_s=TIMEOUT_S,
                              resolver=lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))],
                              connect=lambda host, ip, timeout: _PinnedHTTPSConnection(host, "127.0.0.1", timeout, ctx,
                                                                                       port=port))
    t0 = time.monotonic()
    try:
        with pytest.raises(UrlRefused) as err:
            fetcher.fetch("https://img.example/a.png")
        elapsed = time.monotonic() - t0
    finally:
        stop.set()
        listener.close()
    assert err.value.code == "image_url_timeout", label
    assert elapsed < TIMEOUT_S + SLACK_S, (label, elapsed)


def test_a_prompt_server_is_read_whole(cert):
    listener, stop = _server(cert, lambda conn, stop: conn.sendall(HEADERS))
    port = listener.getsockname()[1]
    ctx = ssl.create_default_context(cafile=str(cert[0]))
    fetcher = ImageUrlFetcher(max_bytes=1 << 20, timeout_s=TIMEOUT_S,
                              resolver=lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))],
                              connect=lambda host, ip, timeout: _PinnedHTTPSConnection(host, "127.0.0.1", timeout, ctx,
                                                                                       port=port))
    try:
        assert fetcher.fetch("https://img.example/a.png") == b"PNG!"
    finally:
        listener.close()
