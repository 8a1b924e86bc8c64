"""The SSRF guard at the edges of every special-purpose range (IANA's IPv4/IPv6 Special-Purpose Address
Registries, RFC 6890, and the RFC named on each row): the first and last address of each range are
refused, the addresses just outside it are public and allowed. The ranges are written out here from
the RFCs, not read from the module."""
from __future__ import annotations

import pytest

from shared.security.ssrf import address_allowed

# (range, RFC, first, last, just below, just above); None where the neighbour is itself special.
V4_RANGES = [
    ("0.0.0.0/8", "RFC 1122 this network", "0.0.0.0", "0.255.255.255", None, "1.0.0.0"),
    ("10.0.0.0/8", "RFC 1918 private", "10.0.0.0", "10.255.255.255", "9.255.255.255", "11.0.0.0"),
    ("100.64.0.0/10", "RFC 6598 shared (CGNAT)", "100.64.0.0", "100.127.255.255", "100.63.255.255", "100.128.0.0"),
    ("127.0.0.0/8", "RFC 1122 loopback", "127.0.0.0", "127.255.255.255", "126.255.255.255", "128.0.0.0"),
    ("169.254.0.0/16", "RFC 3927 link-local (metadata)", "169.254.0.0", "169.254.255.255", "169.253.255.255",
     "169.255.0.0"),
    ("172.16.0.0/12", "RFC 1918 private", "172.16.0.0", "172.31.255.255", "172.15.255.255", "172.32.0.0"),
    ("192.0.0.0/24", "RFC 6890 IETF protocol assignments", "192.0.0.0", "192.0.0.255", "191.255.255.255",
     "192.0.1.0"),
    ("192.0.2.0/24", "RFC 5737 TEST-NET-1", "192.0.2.0", "192.0.2.255", "192.0.1.255", "192.0.3.0"),
    ("192.168.0.0/16", "RFC 1918 private", "192.168.0.0", "192.168.255.255", "192.167.255.255", "192.169.0.0"),
    ("198.18.0.0/15", "RFC 2544 benchmarking", "198.18.0.0", "198.19.255.255", "198.17.255.255", "198.20.0.0"),
    ("198.51.100.0/24", "RFC 5737 TEST-NET-2", "198.51.100.0", "198.51.100.255", "198.51.99.255", "198.51.101.0"),
    ("203.0.113.0/24", "RFC 5737 TEST-NET-3", "203.0.113.0", "203.0.113.255", "203.0.112.255", "203.0.114.0"),
    ("224.0.0.0/4", "RFC 5771 multicast", "224.0.0.0", "239.255.255.255", "223.255.255.255", None),
    ("240.0.0.0/4", "RFC 1112 reserved, RFC 919 broadcast", "240.0.0.0", "255.255.255.255", None, None),
]

V6_RANGES = [
    ("::/128, ::1/128", "RFC 4291 unspecified, loopback", "::", "::1", None, None),
    ("::/96", "RFC 4291 IPv4-compatible (deprecated): judged by its IPv4", "::0.0.0.2", "::1:0:0", None, None),
    ("2001:db8::/32", "RFC 3849 documentation", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
     "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::"),
    ("2001::/23", "RFC 2928 IETF protocol assignments (benchmarking, ORCHID)", "2001:2::1", "2001:10::1", None,
     None),
    ("64:ff9b:1::/48", "RFC 8215 local-use NAT64", "64:ff9b:1::", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", None, None),
    ("fc00::/7", "RFC 4193 unique local", "fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", None, None),
    ("fe80::/10", "RFC 4291 link-local", "fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", None, None),
    ("fec0::/10", "RFC 3879 site-local (deprecated, still routed inside old networks)", "fec0::",
     "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", None, None),
    ("ff00::/8", "RFC 4291 multicast", "ff00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", None, None),
]


@pytest.mark.parametrize("net, rfc, first, last, below, above", V4_RANGES + V6_RANGES,
                         ids=[r[0] for r in V4_RANGES + V6_RANGES])
def test_each_special_range_is_refused_to_its_edges_and_its_neighbours_are_not(net, rfc, first, last, below, above):
    assert address_allowed(first) is False, (net, rfc, first)
    assert address_allowed(last) is False, (net, rfc, last)
    for public in (below, above):
        if public is not None:
            assert address_allowed(public) is True, (net, rfc, public)


@pytest.mark.parametrize("v4", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.1"])
def test_ipv6_forms_embedding_an_internal_ipv4_are_refused(v4):
    """IPv4-mapped (RFC 4291), NAT64 well-known prefix (RFC 6052), 6to4 (RFC 3056) and the
    deprecated IPv4-compatible form, each carrying an internal IPv4."""
    a, b, c, d = (int(x) for x in v4.split("."))
    hi, lo = f"{a * 256 + b:x}", f"{c * 256 + d:x}"
    for form in (f"::ffff:{v4}", f"64:ff9b::{hi}:{lo}", f"2002:{hi}:{lo}::", f"::{hi}:{lo}"):
        assert address_allowed(form) is False, form


def test_ipv6_forms_embedding_a_public_ipv4_are_judged_by_it():
    for form in ("::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"):
        assert address_allowed(form) is True, form
    # Teredo (RFC 4380): the client's IPv4 is stored inverted; 0x80ff:fffe is 127.0.0.1, 0xf7f7:f7f7 is 8.8.8.8.
    assert address_allowed("2001:0:4136:e378:8000:63bf:80ff:fffe") is False
    assert address_allowed("2001:0:4136:e378:8000:63bf:f7f7:f7f7") is True
