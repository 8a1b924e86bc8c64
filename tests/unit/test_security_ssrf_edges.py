"""The image-URL guard's limits at their edges (shared/security/ssrf.py's published rules): a URL
of 2048 characters and a host of 253 (RFC 1035) accepted, one more refused; what reads as an IPv4
spelling (1–4 numeric parts, as inet_aton) and what is a name; 3xx refused as redirects from 300
to 399; the byte cap admitting exactly max_bytes."""
from __future__ import annotations

import pytest

from shared.domain.errors import PayloadTooLarge
from shared.security.ssrf import UrlRefused, address_allowed, check_url
from tests.unit.test_security_ssrf import FakeResponse, _fetcher

URL_MAX = 2048
HOST_MAX = 253


def _refusal(url):
    try:
        check_url(url)
    except UrlRefused as e:
        return e.code
    return None


def test_a_url_of_2048_characters_is_accepted_and_one_more_is_not():
    base = "https://img.example/"
    exact = base + "a" * (URL_MAX - len(base))
    assert len(exact) == URL_MAX and _refusal(exact) is None
    assert _refusal(exact + "a") == "image_url_invalid"


def _host(length):
    labels, left = [], length
    while left > 0:
        n = min(63, left if not labels else left - 1)  # 63 per label (RFC 1035), dots between
        labels.append("a" * n)
        left -= n + (1 if len(labels) > 1 else 0)
    host = ".".join(labels)
    assert len(host) == length
    return host


def test_a_host_of_253_characters_is_accepted_and_254_is_not():
    assert check_url(f"https://{_host(HOST_MAX)}/a.png")[0] == _host(HOST_MAX)
    assert _refusal(f"https://{_host(HOST_MAX + 1)}/a.png") == "image_url_invalid"


def test_only_one_to_four_numeric_parts_read_as_an_ipv4_spelling():
    # Five numeric parts are no IPv4 address for inet_aton or a URL parser: a (DNS) name, checked there.
    assert check_url("https://1.2.3.4.5/a.png")[0] == "1.2.3.4.5"
    assert _refusal("https://1.2.3.4/a.png") is None
    assert _refusal("https://10.2.3.4/a.png") == "image_url_address"
    # A name with some numeric labels is a name; every label numeric makes it an address.
    assert check_url("https://8.8.8.example/a.png")[0] == "8.8.8.example"
    assert _refusal("https://8.8.8.010/a.png") == "image_url_address"  # octal last part


def test_an_ipv4_compatible_ipv6_address_is_judged_by_its_ipv4():
    assert address_allowed("::808:808") is True  # ::8.8.8.8
    assert address_allowed("::a00:1") is False  # ::10.0.0.1


def test_a_refused_url_is_final_not_retried():
    with pytest.raises(UrlRefused) as err:
        check_url("http://img.example/a.png")
    assert err.value.retryable is False and err.value.status == 422


@pytest.mark.parametrize("status, code", [(200, None), (299, "image_url_status"), (300, "image_url_redirect"),
                                          (399, "image_url_redirect"), (400, "image_url_status")])
def test_redirects_are_the_300s_and_only_200_is_read(status, code):
    f, _ = _fetcher(FakeResponse(status, b"PNG"), [])
    if code is None:
        assert f.fetch("https://img.example/a.png") == b"PNG"
    else:
        with pytest.raises(UrlRefused) as err:
            f.fetch("https://img.example/a.png")
        assert err.value.code == code


@pytest.mark.parametrize("declared", [None, "1000", "soon"])
def test_a_body_of_exactly_max_bytes_is_read(declared):
    headers = {"Content-Length": declared} if declared else {}
    f, _ = _fetcher(FakeResponse(200, headers=headers, chunks=[b"x" * 600, b"x" * 400]), [], max_bytes=1000)
    assert len(f.fetch("https://img.example/a.png")) == 1000


@pytest.mark.parametrize("declared, chunks", [("1001", [b"x"]), (None, [b"x" * 600, b"x" * 401])])
def test_one_byte_over_max_bytes_is_refused_declared_or_streamed(declared, chunks):
    headers = {"Content-Length": declared} if declared else {}
    f, _ = _fetcher(FakeResponse(200, headers=headers, chunks=chunks), [], max_bytes=1000)
    with pytest.raises(PayloadTooLarge) as err:
        f.fetch("https://img.example/a.png")
    assert err.value.code == "image_too_large"


def test_the_connection_goes_to_port_443_of_the_checked_address_within_10_s_by_default():
    from shared.security.ssrf import ImageUrlFetcher, _PinnedHTTPSConnection

    conn = ImageUrlFetcher(max_bytes=1000)._connect("img.example", "93.184.216.34", 3.0)  # not connected
    assert isinstance(conn, _PinnedHTTPSConnection)
    assert (conn.host, conn.port, conn._ip, conn.timeout) == ("img.example", 443, "93.184.216.34", 3.0)
    seen = []
    fetcher = ImageUrlFetcher(max_bytes=1000, resolver=lambda *a, **k: [(2, 1, 6, "", ("93.184.216.34", 443))],
                              connect=lambda host, ip, timeout: seen.append(timeout) or _fetcher(
                                  FakeResponse(200, b"PNG"), [])[0]._connect(host, ip, timeout))
    assert fetcher.fetch("https://img.example/a.png") == b"PNG" and seen == [10.0]
