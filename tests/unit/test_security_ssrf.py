"""The image-URL guard: address checks (incl. decimal/octal/hex/short IPv4 spellings and IPv6 forms
embedding IPv4), URL rules, one DNS lookup with every answer checked, the connection pinned to the
checked address, no redirects, byte and time caps."""
from __future__ import annotations

import socket

import pytest

from shared.domain.errors import PayloadTooLarge
from shared.security.ssrf import ImageUrlFetcher, UrlRefused, address_allowed, check_url, resolve_public


@pytest.mark.parametrize("ip", [
    "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "169.254.0.1",
    "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "240.0.0.1", "192.0.2.1", "198.18.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
    "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:a9fe:a9fe::",
    "2001:0:4136:e378:8000:63bf:80ff:fffe", "fe80::1%eth0", "not-an-ip", "",
])
def test_internal_addresses_are_refused(ip):
    assert address_allowed(ip) is False


@pytest.mark.parametrize("ip", ["8.8.8.8", "142.250.74.14", "2606:4700:4700::1111", "::ffff:8.8.8.8",
                                "64:ff9b::808:808"])
def test_public_addresses_are_allowed(ip):
    assert address_allowed(ip) is True


@pytest.mark.parametrize("url,code", [
    ("http://example.com/a.png", "image_url_scheme"),
    ("ftp://example.com/a.png", "image_url_scheme"),
    ("file:///etc/passwd", "image_url_scheme"),
    ("gopher://127.0.0.1:6379/_INFO", "image_url_scheme"),
    ("https://example.com:8443/a.png", "image_url_port"),
    ("https://example.com:99999/a.png", "image_url_invalid"),
    ("https://user:pw@example.com/a.png", "image_url_invalid"),
    ("https://example.com@169.254.169.254/", "image_url_invalid"),
    ("https://metadata.google.internal/computeMetadata/v1/", "image_url_host"),
    ("https://metadata/computeMetadata/v1/", "image_url_host"),
    ("https://localhost/a.png", "image_url_host"),
    ("https://foo.localhost/a.png", "image_url_host"),
    ("https://127.0.0.1/a.png", "image_url_address"),
    ("https://169.254.169.254/latest/meta-data/", "image_url_address"),
    ("https://2130706433/a.png", "image_url_address"),  # decimal 127.0.0.1
    ("https://0177.0.0.1/a.png", "image_url_address"),  # octal
    ("https://0x7f.0x0.0x0.0x1/a.png", "image_url_address"),  # hex
    ("https://0x7f000001/a.png", "image_url_address"),
    ("https://127.1/a.png", "image_url_address"),  # shortened
    ("https://0/a.png", "image_url_address"),
    ("https://08.8.8.8/a.png", "image_url_address"),  # a non-canonical spelling even of a public address
    ("https://[::1]/a.png", "image_url_address"),
    ("https://[::ffff:127.0.0.1]/a.png", "image_url_address"),
    ("https://[::ffff:a9fe:a9fe]/a.png", "image_url_address"),
    ("https://[fe80::1]/a.png", "image_url_address"),
    ("https://exa mple.com/a.png", "image_url_invalid"),
    ("https://example.com/a\r\nHost: evil", "image_url_invalid"),
    ("https:///a.png", "image_url_invalid"),
    ("https://" + "a" * 2100 + ".com/", "image_url_invalid"),
])
def test_url_rules(url, code):
    with pytest.raises(UrlRefused) as err:
        check_url(url)
    assert err.value.code == code and err.value.status == 422


def test_acceptable_urls():
    assert check_url("https://cdn.example.com/img/a.png?v=2") == ("cdn.example.com", "/img/a.png?v=2")
    assert check_url("https://cafe.be/x.png")[0] == "cafe.be"  # hex-looking letters are still a name
    assert check_url("https://8.8.8.8/a.png")[0] == "8.8.8.8"
    assert check_url("HTTPS://Example.COM.:443")[0] == "example.com"


def _resolver(*addrs):
    return lambda host, port, type=None: [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6,
                                           "", (a, port)) for a in addrs]


def test_every_resolved_address_must_be_public():
    assert resolve_public("ok.example", _resolver("93.184.216.34")) == "93.184.216.34"
    for answers in (("127.0.0.1",), ("93.184.216.34", "10.0.0.5"), ("::ffff:169.254.169.254",), ()):
        with pytest.raises(UrlRefused):
            resolve_public("evil.example", _resolver(*answers))

    def fail(*a, **k):
        raise socket.gaierror("nope")
    with pytest.raises(UrlRefused) as err:
        resolve_public("nx.example", fail)
    assert err.value.code == "image_url_dns"


class FakeResponse:
    def __init__(self, status=200, body=b"", headers=None, chunks=None):
        self.status, self._headers = status, headers or {}
        self._chunks = list(chunks) if chunks is not None else [body[i:i + 65536] for i in range(0, len(body), 65536)]

    def getheader(self, name):
        return self._headers.get(name)

    def read(self, n):
        return self._chunks.pop(0) if self._chunks else b""


class FakeConn:
    def __init__(self, response, log):
        self.response, self.log = response, log

    def request(self, method, target, headers):
        self.log.append((method, target, headers["Host"]))

    def getresponse(self):
        if isinstance(self.response, Exception):
            raise self.response
        return self.response

    def close(self):
        self.log.append("closed")


def _fetcher(response, log, answers=("93.184.216.34",), max_bytes=1000):
    connects = []

    def connect(host, ip, timeout):
        connects.append((host, ip))
        return FakeConn(response, log)

    f = ImageUrlFetcher(max_bytes=max_bytes, resolver=_resolver(*answers), connect=connect, timeout_s=5)
    return f, connects


def test_fetch_connects_to_the_checked_address_with_the_host_name():
    log = []
    f, connects = _fetcher(FakeResponse(200, b"PNGDATA"), log)
    assert f.fetch("https://img.example/a.png?x=1") == b"PNGDATA"
    assert connects == [("img.example", "93.184.216.34")]
    assert log[0] == ("GET", "/a.png?x=1", "img.example") and log[-1] == "closed"


@pytest.mark.parametrize("response,exc,code", [
    (FakeResponse(302, headers={"Location": "http://169.254.169.254/"}), UrlRefused, "image_url_redirect"),
    (FakeResponse(301), UrlRefused, "image_url_redirect"),
    (FakeResponse(404), UrlRefused, "image_url_status"),
    (FakeResponse(200, headers={"Content-Length": "5000"}), PayloadTooLarge, "image_too_large"),
    (FakeResponse(200, chunks=[b"x" * 600, b"x" * 600]), PayloadTooLarge, "image_too_large"),
    (socket.timeout("slow"), UrlRefused, "image_url_fetch"),
    (ConnectionResetError(), UrlRefused, "image_url_fetch"),
])
def test_fetch_refusals(response, exc, code):
    log = []
    f, _ = _fetcher(response, log)
    with pytest.raises(exc) as err:
        f.fetch("https://img.example/a.png")
    assert err.value.code == code and "closed" in log


def test_dns_rebinding_answer_is_refused_before_connecting():
    log = []
    f, connects = _fetcher(FakeResponse(200, b"x"), log, answers=("127.0.0.1",))
    with pytest.raises(UrlRefused):
        f.fetch("https://rebind.example/a.png")
    assert connects == []
