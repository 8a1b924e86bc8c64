"""OidcTaskAuth against real RS256 tokens minted with a local key set (what Google's certs endpoint
would publish), served through an injected transport and, once, through a local HTTP certs URL."""
from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt
from google.auth import jwt as gjwt

from shared.adapters.task_auth import OidcTaskAuth
from shared.domain.errors import Forbidden, Unauthenticated, Unavailable

AUDIENCE = "https://extract.example.run.app"
TASKS_SA = "tasks@demo-prod.iam.gserviceaccount.com"
OTHER_SA = "intruder@demo-prod.iam.gserviceaccount.com"


class KeySet:
    """An RSA key + self-signed certificate per key id, published as Google does ({kid: PEM cert})."""

    def __init__(self, *kids: str) -> None:
        self.keys: dict[str, tuple[bytes, bytes]] = {kid: _key_and_cert() for kid in kids}

    def certs_json(self) -> bytes:
        return json.dumps({kid: cert.decode() for kid, (_, cert) in self.keys.items()}).encode()

    def mint(self, kid: str, aud: str | None = AUDIENCE, email: str | None = TASKS_SA, **claims) -> str:
        now = int(time.time())
        payload = {"iss": "https://accounts.google.com", "aud": aud, "iat": now, "exp": now + 600,
                   "sub": "1234567890", "email": email, "email_verified": True, **claims}
        payload = {k: v for k, v in payload.items() if v is not None}
        signer = crypt.RSASigner.from_string(self.keys[kid][0], key_id=kid)
        return gjwt.encode(signer, payload).decode()


def _key_and_cert() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-google-signer")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return pem_key, cert.public_bytes(serialization.Encoding.PEM)


class CertsTransport:
    """A google.auth.transport.Request that serves the key set (and counts fetches)."""

    def __init__(self, keyset: KeySet, status: int = 200) -> None:
        self.keyset, self.status, self.fetches = keyset, status, 0

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kw):
        self.fetches += 1

        class R:
            pass

        r = R()
        r.status, r.headers, r.data = self.status, {}, self.keyset.certs_json()
        return r


def b64(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def unsigned(aud: str = AUDIENCE, email: str = TASKS_SA) -> str:
    now = int(time.time())
    payload = {"iss": "https://accounts.google.com", "aud": aud, "iat": now, "exp": now + 600,
               "email": email, "email_verified": True}
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(payload)}."


def token_cases(google: KeySet, stranger: KeySet, aud: str = AUDIENCE,
                email: str = TASKS_SA) -> dict[str, tuple[str | None, int, str]]:
    """case → (Authorization header, expected status, expected code), for an endpoint whose audience
    is `aud` and whose allowed caller is `email`."""
    now = int(time.time())

    def mint(s: KeySet, kid: str, **kw) -> str:
        return s.mint(kid, **{"aud": aud, "email": email, **kw})

    return {
        "valid": (f"Bearer {mint(google, 'k1')}", 200, ""),
        "valid, second published key": (f"Bearer {mint(google, 'k2')}", 200, ""),
        "no token": (None, 401, "missing_token"),
        "not bearer": (f"Basic {mint(google, 'k1')}", 401, "missing_token"),
        "malformed": ("Bearer not.a.jwt", 401, "invalid_token"),
        "garbage": ("Bearer %%%%", 401, "invalid_token"),
        "wrong audience": (f"Bearer {mint(google, 'k1', aud=aud + '/other')}", 401, "invalid_token"),
        "expired": (f"Bearer {mint(google, 'k1', iat=now - 7200, exp=now - 3600)}", 401, "invalid_token"),
        "issued in the future": (f"Bearer {mint(google, 'k1', iat=now + 3600, exp=now + 4000)}", 401, "invalid_token"),
        "wrong issuer": (f"Bearer {mint(google, 'k1', iss='https://evil.example')}", 401, "invalid_token"),
        "no issuer": (f"Bearer {mint(google, 'k1', iss=None)}", 401, "invalid_token"),
        "unknown key": (f"Bearer {mint(stranger, 'k1')}", 401, "invalid_token"),
        "unknown kid": (f"Bearer {mint(stranger, 'k9')}", 401, "invalid_token"),
        "alg none": (f"Bearer {unsigned(aud, email)}", 401, "invalid_token"),
        "alg HS256 keyed with a public cert": (f"Bearer {_hs256(google, aud, email)}", 401, "invalid_token"),
        "tampered payload": ("Bearer " + _tamper(mint(google, "k1")), 401, "invalid_token"),
        "unverified email": (f"Bearer {mint(google, 'k1', email_verified=False)}", 403, "forbidden_caller"),
        "email_verified as string": (f"Bearer {mint(google, 'k1', email_verified='true')}", 403, "forbidden_caller"),
        "another SA": (f"Bearer {mint(google, 'k1', email=OTHER_SA)}", 403, "forbidden_caller"),
        "no email": (f"Bearer {mint(google, 'k1', email=None)}", 403, "forbidden_caller"),
    }


def _hs256(keys: KeySet, aud: str, email: str) -> str:
    """The classic confusion attack: HMAC-signed with the published certificate as the secret."""
    import hashlib
    import hmac

    now = int(time.time())
    head = b64({"alg": "HS256", "typ": "JWT", "kid": "k1"})
    body = b64({"iss": "https://accounts.google.com", "aud": aud, "iat": now, "exp": now + 600, "email": email,
                "email_verified": True})
    sig = hmac.new(keys.keys["k1"][1], f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{base64.urlsafe_b64encode(sig).rstrip(b'=').decode()}"


def _tamper(token: str) -> str:
    head, payload, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = OTHER_SA
    return f"{head}.{b64(claims)}.{sig}"


@pytest.fixture(scope="module")
def keys():
    return KeySet("k1", "k2"), KeySet("k1", "k9")


def test_every_token_case_is_decided_as_expected(keys):
    google, stranger = keys
    auth = OidcTaskAuth(relaxed=False, request=CertsTransport(google))
    for case, (header, status, code) in token_cases(google, stranger).items():
        if status == 200:
            assert auth.verify(header, audience=AUDIENCE, allowed_emails=[TASKS_SA]) == TASKS_SA, case
            continue
        with pytest.raises((Unauthenticated, Forbidden)) as err:
            auth.verify(header, audience=AUDIENCE, allowed_emails=[TASKS_SA])
        assert (err.value.status, err.value.code) == (status, code), case


def test_certificates_are_cached_between_calls(keys):
    google, _ = keys
    transport = CertsTransport(google)
    auth = OidcTaskAuth(relaxed=False, request=transport)
    for _ in range(5):
        auth.verify(f"Bearer {google.mint('k1')}", audience=AUDIENCE, allowed_emails=[TASKS_SA])
    assert transport.fetches == 1


def test_unreachable_certificates_are_retryable(keys):
    google, _ = keys
    auth = OidcTaskAuth(relaxed=False, request=CertsTransport(google, status=500))
    with pytest.raises(Unavailable) as err:
        auth.verify(f"Bearer {google.mint('k1')}", audience=AUDIENCE, allowed_emails=[TASKS_SA])
    assert err.value.status == 503 and err.value.code == "auth_unavailable"


@pytest.mark.parametrize("audience,allowed", [("", [TASKS_SA]), (AUDIENCE, []), (AUDIENCE, [""])])
def test_an_unconfigured_policy_refuses_everyone(keys, audience, allowed):
    google, _ = keys
    auth = OidcTaskAuth(relaxed=False, request=CertsTransport(google))
    token = google.mint("k1", aud=audience or None, email=(allowed or [None])[0] or None)
    with pytest.raises(Unavailable):
        auth.verify(f"Bearer {token}", audience=audience, allowed_emails=allowed)


def test_relaxed_mode_is_only_the_constructor_flag():
    assert OidcTaskAuth(relaxed=True).verify(None, audience="", allowed_emails=()) == "local-stack"
    with pytest.raises(Unauthenticated):
        OidcTaskAuth(relaxed=False).verify(None, audience=AUDIENCE, allowed_emails=[TASKS_SA])


def test_certs_url_served_over_http_with_the_real_transport(keys):
    """The default google-auth transport fetching a certs URL from a local HTTP server."""
    google, stranger = keys
    body = google.certs_json()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        auth = OidcTaskAuth(relaxed=False, certs_url=f"http://127.0.0.1:{server.server_port}/certs")
        assert auth.verify(f"Bearer {google.mint('k1')}", audience=AUDIENCE, allowed_emails=[TASKS_SA]) == TASKS_SA
        with pytest.raises(Unauthenticated):
            auth.verify(f"Bearer {stranger.mint('k1')}", audience=AUDIENCE, allowed_emails=[TASKS_SA])
    finally:
        server.shutdown()
