"""Fetching a user-supplied image URL without letting it reach inside our network (SSRF guard).

Rules:
- `https` only, port 443 only, no user-info (`user:pass@`), a URL of at most 2048 characters and a
  host name of at most 253 (RFC 1035's limit for a name written out);
- the host is resolved once; every address it resolves to must be public (no private, loopback,
  link-local — which covers the metadata server 169.254.169.254 —, CGNAT, multicast, reserved,
  unspecified, documentation, IPv6 site-local ranges; IPv4-mapped/compatible, 6to4, Teredo and NAT64 IPv6 forms are
  judged by the IPv4 address they embed); the metadata host names are refused by name too;
- IP literals are accepted only in canonical form: decimal (`2130706433`), octal (`0177.0.0.1`),
  hex (`0x7f.1`) and shortened (`127.1`) IPv4 spellings are refused outright;
- the TCP connection goes to the address that was checked (no second lookup, so no DNS
  rebinding), with TLS verified against the host name (SNI + certificate);
- no redirects (a 3xx is refused), a byte cap read off the stream, and one deadline (10 s unless set) for
  the whole exchange — connect, TLS handshake, request, status line, headers and body: a watchdog shuts the
  socket down when it passes, so a server dripping a byte at a time cannot hold the fetch longer
  (a per-operation socket timeout restarts with every byte).
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from shared.domain.errors import AppError, InvalidRequest, PayloadTooLarge

BLOCKED_HOSTS = {"metadata", "metadata.google.internal", "metadata.goog", "localhost"}
_EXTRA_V4 = [ipaddress.ip_network(n) for n in ("100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "0.0.0.0/8",
                                                "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                                "240.0.0.0/4", "255.255.255.255/32")]
# Site-local (RFC 3879 deprecated it, but old networks still route it internally); ipaddress calls it global.
_EXTRA_V6 = [ipaddress.ip_network("fec0::/10")]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_V4_PART = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_CANONICAL_V4 = re.compile(r"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$")


class UrlRefused(AppError):
    code, status, retryable = "image_url_refused", 422, False


def _embedded_v4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if addr.ipv4_mapped:
        return addr.ipv4_mapped
    if addr.sixtofour:
        return addr.sixtofour
    if addr.teredo:
        return addr.teredo[1]
    if addr in _NAT64:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    if int(addr) >> 32 == 0 and int(addr) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(int(addr))
    return None


def address_allowed(ip: str) -> bool:
    """True only for a public unicast address (IPv6 forms embedding IPv4 judged by that IPv4)."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address):
        inner = _embedded_v4(addr)
        if inner is not None:
            return address_allowed(str(inner))
    if (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_multicast or addr.is_reserved
            or addr.is_unspecified or not addr.is_global):
        return False
    if any(addr in n for n in (_EXTRA_V4 if isinstance(addr, ipaddress.IPv4Address) else _EXTRA_V6)):
        return False
    return True


def _looks_like_ipv4(host: str) -> bool:
    """What inet_aton / URL parsers would read as an IPv4 address: 1–4 parts, each decimal, octal or hex."""
    parts = host.split(".")
    return 1 <= len(parts) <= 4 and all(_V4_PART.match(p) for p in parts)


def check_url(url: str) -> tuple[str, str]:
    """(host, path-with-query) of an acceptable URL, or UrlRefused."""
    if not isinstance(url, str) or len(url) > 2048 or any(c in url for c in "\r\n\t\x00 \\"):
        raise UrlRefused("the image URL is not acceptable", code="image_url_invalid")
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        raise UrlRefused("only https image URLs are accepted", code="image_url_scheme")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UrlRefused("credentials in image URLs are refused", code="image_url_invalid")
    try:
        port = parts.port
    except ValueError:
        raise UrlRefused("the image URL is not acceptable", code="image_url_invalid") from None
    if port not in (None, 443):
        raise UrlRefused("image URLs must use port 443", code="image_url_port")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or len(host) > 253:
        raise UrlRefused("the image URL has no host", code="image_url_invalid")
    if host in BLOCKED_HOSTS or host.endswith(".internal") or host.endswith(".localhost"):
        raise UrlRefused("this host may not be fetched", code="image_url_host")
    if ":" in host:  # an IPv6 literal
        if not address_allowed(host):
            raise UrlRefused("this address may not be fetched", code="image_url_address")
    elif _looks_like_ipv4(host):
        # Anything that parses as an IPv4 spelling must be the canonical dotted quad and public.
        if not _CANONICAL_V4.match(host) or not address_allowed(host):
            raise UrlRefused("this address may not be fetched", code="image_url_address")
    path = parts.path or "/"
    return host, path + (f"?{parts.query}" if parts.query else "")


def resolve_public(host: str, resolver: Callable = socket.getaddrinfo) -> str:
    """One DNS lookup; every answer must be public. Returns the address to connect to."""
    try:
        infos = resolver(host, 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UrlRefused("the image host could not be resolved", code="image_url_dns") from None
    addrs = [info[4][0] for info in infos]
    if not addrs or not all(address_allowed(a) for a in addrs):
        raise UrlRefused("this address may not be fetched", code="image_url_address")
    return addrs[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to `ip` while speaking TLS (SNI, certificate check) and HTTP for `host`."""

    def __init__(self, host: str, ip: str, timeout: float, context: ssl.SSLContext, port: int = 443) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip = ip
        self.raw_sock: socket.socket | None = None  # the TCP socket, also during the TLS handshake

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.raw_sock = sock
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _shut(conn) -> None:
    """Wake whatever socket operation `conn` is blocked in (shutdown, not close: close does not wake a
    blocked recv on Linux); the base method, so an SSL socket's state is left to its own thread."""
    for sock in (getattr(conn, "raw_sock", None), getattr(conn, "sock", None)):
        if isinstance(sock, socket.socket):
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass


class ImageUrlFetcher:
    def __init__(self, *, max_bytes: int, timeout_s: float = 10.0, resolver: Callable = socket.getaddrinfo,
                 connect: Callable | None = None) -> None:
        self._max_bytes, self._timeout_s = max_bytes, timeout_s
        self._resolver = resolver
        self._connect = connect or (lambda host, ip, timeout: _PinnedHTTPSConnection(
            host, ip, timeout, ssl.create_default_context()))

    def fetch(self, url: str) -> bytes:
        host, target = check_url(url)
        ip = resolve_public(host, self._resolver)
        conn = self._connect(host, ip, self._timeout_s)
        expired = threading.Event()

        def watchdog() -> None:
            expired.set()
            _shut(conn)

        timer = threading.Timer(self._timeout_s, watchdog)
        timer.daemon = True
        timer.start()
        try:
            return self._exchange(conn, host, target, expired)
        except (OSError, http.client.HTTPException, ssl.SSLError):
            if expired.is_set():
                raise UrlRefused("the image URL was too slow", code="image_url_timeout") from None
            raise UrlRefused("the image URL could not be fetched", code="image_url_fetch") from None
        finally:
            timer.cancel()
            conn.close()

    def _exchange(self, conn, host: str, target: str, expired: threading.Event) -> bytes:
        conn.request("GET", target, headers={"Host": host, "User-Agent": "copythat-image-fetch/1",
                                             "Accept": "image/png, image/jpeg, image/webp, image/gif"})
        resp = conn.getresponse()
        if 300 <= resp.status < 400:
            raise UrlRefused("redirects are not followed for image URLs", code="image_url_redirect")
        if resp.status != 200:
            raise UrlRefused(f"the image URL answered {resp.status}", code="image_url_status")
        length = resp.getheader("Content-Length")
        if length and length.isdigit() and int(length) > self._max_bytes:
            raise PayloadTooLarge(f"images are limited to {self._max_bytes} bytes", code="image_too_large")
        chunks, size = [], 0
        while True:
            chunk = resp.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > self._max_bytes:
                raise PayloadTooLarge(f"images are limited to {self._max_bytes} bytes", code="image_too_large")
            chunks.append(chunk)
        if expired.is_set():  # a shut-down socket reads as EOF: never return a cut-off body
            raise UrlRefused("the image URL was too slow", code="image_url_timeout")
        return b"".join(chunks)


__all__ = ["ImageUrlFetcher", "UrlRefused", "address_allowed", "check_url", "resolve_public", "InvalidRequest"]
