"""The web app's path in a real browser: the reference client (web/) served by the local stack, in
Debian's Chromium driven by playwright-core (browser.mjs), against the real emulators and functions.

One browser run (module fixture) goes through everything a person does, and records every console
message, page error, failed request, HTTP error and CORS preflight with the phase it happened in;
each test below checks one promise of issue 18 against that record, Firestore and the Terraform.
Outputs (screenshots, downloads, the run's report.json) are left in out/web/.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import urllib.parse
import uuid
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from shared.domain.tokens import Token
from shared.exporters import FORMATS
from shared.exporters._names import slugify
from shared.exporters.sample import typed_tokens
from shared.localstack import stack as stack_module
from shared.localstack import web
from shared.localstack.client import StackClient, request
from shared.localstack.sample import sample_png
from tests.conformance import dtcgref

pytestmark = [pytest.mark.stack, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parents[2]
NEW_NAME = "Ocean Brand"
ROLE = "accent"
FIRESTORE_LISTEN = "/google.firestore.v1.Firestore/Listen/channel"


# --- inputs -------------------------------------------------------------------------------------------

def _second_image(path: Path) -> None:
    """Brand imagery: gradients, grain and two shapes; ~2 MB, so it goes through a signed URL."""
    rng = np.random.default_rng(18)
    h, w = 900, 1400
    yy, xx = np.mgrid[0:h, 0:w]
    arr = np.stack([xx * 255 // w, yy * 200 // h + 30, np.full_like(xx, 160)], -1).astype(np.int16)
    arr += rng.integers(-12, 13, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.rectangle((100, 100, 600, 400), fill="#0F766E")
    d.ellipse((800, 200, 1200, 600), fill="#F97316")
    img.save(path)


def _corrupt_png() -> bytes:
    """A PNG whose header and end are fine (upload accepts it) but whose pixel data is not."""
    raw = bytearray(sample_png())
    start = raw.index(b"IDAT") + 60
    for k in range(start, start + 400):
        raw[k] ^= 0x5A
    return bytes(raw)


def _seed_all_types(db, uid: str) -> tuple[str, int, list[dict]]:
    """A project of the owner's holding every token type (spacing, radii and shadows have no
    extractor yet) and one type the page has never heard of."""
    project = "p-web-" + uuid.uuid4().hex[:12]
    docs = [t.doc() for t in typed_tokens(project)]
    docs.append({"id": "dur00000", "projectId": project, "type": "duration", "group": "motion", "name": "Quick",
                 "value": {"value": 150, "unit": "ms"}, "enrichment": {}, "provenance": {"share": 0.1}})
    now = datetime.now(timezone.utc)
    ref = db.collection("projects").document(project)
    ref.set({"id": project, "ownerUid": uid, "name": "Every token type", "tokenCount": len(docs),
             "createdAt": now, "updatedAt": now})
    for d in docs:
        ref.collection("tokens").document(d["id"]).set(d)
    return project, len(docs), docs


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.layout.project)


@pytest.fixture(scope="module")
def run(stack, db, chromium, browser_tools, web_out):
    """The whole browser run, once: returns its report and what the checks need beside it."""
    if stack.firestore_backend != "emulator":
        pytest.skip("the web client's Firestore listeners (WebChannel) and infra/firestore.rules need Google's "
                    "emulator; the stand-in speaks gRPC only, without rules (README \"Two paths\")")
    L = stack.layout
    client = StackClient(L)
    files = web_out / "inputs"
    files.mkdir()
    (files / "sample-dashboard.png").write_bytes(sample_png())
    _second_image(files / "brand-photo.png")
    (files / "broken.png").write_bytes(_corrupt_png())
    (files / "notes.txt").write_text("Meeting notes, not an image.\n")
    users = {name: {"email": f"web-{name}-{uuid.uuid4().hex[:8]}@example.com", "password": f"pw-{uuid.uuid4().hex}"}
             for name in ("owner", "stranger", "newcomer")}
    owner_uid, owner_token = client.sign_up(users["owner"]["email"], users["owner"]["password"])
    stranger_uid, _ = client.sign_up(users["stranger"]["email"], users["stranger"]["password"])
    seeded, seeded_count, seeded_docs = _seed_all_types(db, owner_uid)

    # The same page from an origin COPYTHAT_ALLOWED_ORIGINS does not name (another port).
    config = json.loads((L.state_dir / f"web-{L.base_port}" / "config.json").read_text())
    other = web.serve_in_thread(web.WebApp(config, stack_module.tools.web_sdk(L.tools_dir)))
    other_url = f"http://127.0.0.1:{other.server_address[1]}/"
    functions = sorted({u.rstrip("/") for u in config["functions"].values()})
    inp = {
        "chromium": str(chromium), "out": str(web_out), "axe": str(browser_tools.axe),
        "url": L.web_url, "otherUrl": other_url,
        "watchOrigins": functions + [config["storage"], config["emulators"]["auth"],
                                     f"http://127.0.0.1:{L.firestore_port}"],
        "pageOrigins": {"owner": L.web_origin, "stranger": L.web_origin, "other-origin": other_url.rstrip("/")},
        "users": users, "newName": NEW_NAME, "role": ROLE, "timeoutMs": 240_000,
        "seededProject": seeded, "seededCount": seeded_count,
        "files": {"screenshot": str(files / "sample-dashboard.png"), "second": str(files / "brand-photo.png"),
                  "corrupt": str(files / "broken.png"), "notImage": str(files / "notes.txt")},
    }
    (web_out / "input.json").write_text(json.dumps(inp, indent=2))
    try:
        proc = subprocess.run(["node", str(browser_tools.script), str(web_out / "input.json")], capture_output=True,
                              text=True, timeout=1200, cwd=browser_tools.root)
    finally:
        other.shutdown()
    if proc.returncode != 0 or not proc.stdout.strip():
        pytest.fail(f"browser.mjs failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    if report.get("error"):
        pytest.fail(f"the browser run stopped in phase {report['error']['phase']!r}: {report['error']['message']}\n"
                    f"(out/web/report.json has everything recorded up to there)")
    return {"report": report, "input": inp, "config": config, "functions": functions, "files": files,
            "owner": (owner_uid, owner_token), "stranger": stranger_uid, "seeded": (seeded, seeded_docs),
            "client": client}


def _firestore_tokens(db, project: str) -> dict[str, Token]:
    ref = db.collection("projects").document(project).collection("tokens")
    return {s.id: Token.model_validate(s.to_dict()) for s in ref.stream()}


def _is_function(run, url: str) -> bool:
    return any(url.startswith(f) for f in run["functions"])


# --- 1. nothing went wrong that nobody asked for ------------------------------------------------------

def _expected(run, e: dict) -> bool:
    """The only console errors and failed requests a phase may have, each with its reason."""
    text, url, phase = e.get("text", ""), e.get("url", ""), e["phase"]
    # The Firestore SDK ends its own long-poll (WebChannel backchannel) when it reopens the stream.
    if e["kind"] == "requestfailed" and text == "net::ERR_ABORTED" and FIRESTORE_LISTEN in url:
        return True
    # notes.txt: upload answers 415 with our JSON error, and Chromium logs every 4xx it sees.
    if phase == "not-an-image":
        return url == run["config"]["functions"]["upload"] and (
            (e["kind"] == "http-error" and text == "HTTP 415")
            or text.startswith("Failed to load resource: the server responded with a status of 415"))
    # The page from a foreign origin: every call to our functions is refused at the preflight.
    if phase == "other-origin":
        return (e["kind"] == "console" and "has been blocked by CORS policy: Response to preflight request" in text
                and any(f"'{f}/" in text for f in run["functions"])) or (
            _is_function(run, url) and text in ("net::ERR_FAILED", "Failed to load resource: net::ERR_FAILED"))
    return False


def test_no_console_error_failed_request_or_cors_error(run):
    r = run["report"]
    problems = [e for e in r["events"] if e["type"] in ("error", "warning", "assert") or e["kind"] != "console"]
    unexpected = [e for e in problems if not _expected(run, e)]
    assert not unexpected, "\n".join(json.dumps(e)[:600] for e in unexpected)
    # And the expected ones did happen (the phases really were tested).
    phases = {e["phase"] for e in problems if _expected(run, e)}
    assert {"not-an-image", "other-origin"} <= phases


# --- 2. upload, the listener, the tokens --------------------------------------------------------------

def test_images_go_inline_or_through_a_signed_url_and_jobs_are_followed_by_the_listener(run, db):
    r, files = run["report"], run["files"]
    limit = run["config"]["inlineMaxBytes"]
    assert (files / "sample-dashboard.png").stat().st_size <= limit < (files / "brand-photo.png").stat().st_size
    jobs = {j["name"]: j for j in r["jobs"]}
    assert set(jobs) == {"sample-dashboard.png", "brand-photo.png", "broken.png"}, r["jobs"]
    # Inline (one multipart POST each) for the small files, signed URL + PUT for the large one.
    posts = [q for q in r["requests"] if q["phase"] == "upload" and q["method"] == "POST" and _is_function(run, q["url"])]
    puts = [q for q in r["requests"] if q["method"] == "PUT"]
    assert sorted(q["status"] for q in posts) == [201, 202, 202]
    assert len(puts) == 1 and puts[0]["status"] == 200 and puts[0]["url"].startswith(run["config"]["storage"])
    assert f"/{jobs['brand-photo.png']['id']}?" in puts[0]["url"]
    # Live: each job was seen by the listener in a stage before its last.
    for name, want in (("sample-dashboard.png", "done"), ("brand-photo.png", "done"), ("broken.png", "failed")):
        j = jobs[name]
        history = j["history"].split(",")
        assert j["status"] == want and history[-1] == want and len(history) >= 2, j
        assert j["progress"] == "100"
        snap = db.collection("jobs").document(j["id"]).get().to_dict()
        assert snap["status"] == want and snap["ownerUid"] == run["owner"][0] and snap["projectId"] == r["projectId"]
    # The failed job's code and message, as the job document has them, on the page.
    err = db.collection("jobs").document(jobs["broken.png"]["id"]).get().to_dict()["error"]
    assert jobs["broken.png"]["errorCode"] == err["code"] == "corrupt_image"
    assert jobs["broken.png"]["error"] == f"{err['code']}: {err['message']}"
    # No polling: while the jobs ran, the page made no request to our functions at all.
    during = [q for q in r["requests"] if q["phase"] == "wait-jobs" and _is_function(run, q["url"])]
    assert during == []
    # A reload brings the project (from the address) and its jobs back.
    assert r["hash"] == f"#project={r['projectId']}"
    assert sorted(j["id"] for j in r["afterReload"]["jobs"]) == sorted(j["id"] for j in r["jobs"])


def test_tokens_shown_are_the_library_in_firestore(run, db):
    r = run["report"]
    stored = _firestore_tokens(db, r["projectId"])
    shown = {t["id"]: t for t in r["tokensFinal"]}
    assert set(shown) == set(stored) and len(shown) == len(r["tokensFinal"])
    for tid, t in stored.items():
        s = shown[tid]
        assert (s["type"], s["group"], s["name"], s["shownName"], s["role"]) == (
            t.type.value, t.group.value, t.name, t.name, t.role), (s, t.doc())
        if t.is_color:
            assert s["hex"] == t.hex
    palette = {t.hex for t in stored.values() if t.is_color}
    assert palette and {s["hex"] for s in r["tokensFinal"] if s["type"] == "color"} == palette
    # The swatches are painted with those colors, and show their contrast.
    for sw in r["swatches"]:
        rgb = tuple(int(v) for v in re.findall(r"\d+", sw["background"])[:3])
        assert "#%02X%02X%02X" % rgb == stored[sw["id"]].hex
        assert re.search(r"on white \d+(\.\d)?:1 \((passes|fails) AA\) · on black", sw["contrast"])
    # Typography specimens are set in their measured size and weight.
    typo = {t.id: t for t in stored.values() if t.type.value == "typography"}
    assert typo and {s["id"] for s in r["specimens"]} == set(typo)
    for s in r["specimens"]:
        v = typo[s["id"]].value
        assert abs(float(s["fontSize"].removesuffix("px")) - v.font_size.px) < 0.01
        assert int(s["fontWeight"]) == v.font_weight
    types = {t.type.value for t in stored.values()}
    assert {"color", "typography", "fontFamily", "fontWeight"} <= types
    # a section per type and group (every type is extracted by default: spacing, radii, shadows too)
    titles = {("color", "color"): "Colors", ("typography", "typography"): "Text styles",
              ("fontFamily", "font"): "Font families", ("fontWeight", "font"): "Font weights",
              ("dimension", "spacing"): "Spacing", ("dimension", "radius"): "Radii", ("shadow", "shadow"): "Shadows"}
    groups: dict[tuple[str, str], int] = {}
    for t in stored.values():
        groups[(t.type.value, t.group.value)] = groups.get((t.type.value, t.group.value), 0) + 1
    assert sorted(r["sections"]) == sorted(f"{titles[k]} ({n})" for k, n in groups.items())


def test_every_token_type_has_its_section(run):
    r = run["report"]["allTypes"]
    _, docs = run["seeded"]
    groups: dict[tuple[str, str], int] = {}
    for d in docs:
        groups[(d["type"], d["group"])] = groups.get((d["type"], d["group"]), 0) + 1
    titles = {("typography", "typography"): "Text styles", ("fontFamily", "font"): "Font families",
              ("fontWeight", "font"): "Font weights", ("dimension", "spacing"): "Spacing",
              ("dimension", "radius"): "Radii", ("shadow", "shadow"): "Shadows"}
    want = [f"{titles.get(k, f'{k[0]} ({k[1]})')} ({n})" for k, n in groups.items()]
    assert sorted(r["sections"]) == sorted(want)
    assert "duration (motion) (1)" in r["sections"]  # a type added later shows, by its value
    styles = {s["id"]: s for s in r["styles"]}
    for d in docs:
        s, v = styles[d["id"]], d["value"]
        px = lambda x: x["value"] * (16 if x.get("unit") == "rem" else 1)  # noqa: E731
        if d["group"] == "spacing":
            assert s["width"] == f"{min(px(v), 320):g}px"
        elif d["group"] == "radius":
            assert s["radius"] == f"{min(px(v), 9999):g}px"
        elif d["type"] == "shadow":
            assert s["shadow"].count("inset") == sum(layer["inset"] for layer in v["layers"])
            assert s["shadow"].count("px,") + 1 >= len(v["layers"])
        elif d["type"] == "fontWeight":
            assert int(s["fontWeight"]) == v["value"]
        elif d["type"] == "duration":
            assert json.loads(s["facts"]) == v


def test_rename_and_role_go_through_library(run, db):
    r = run["report"]
    stored = _firestore_tokens(db, r["projectId"])
    assert r["renameInputFocused"] is True
    assert stored[r["rename"]["tokenId"]].name == NEW_NAME != r["rename"]["from"]
    assert r["rename"]["focusBack"]["cls"] == "rename secondary" and r["rename"]["focusBack"]["token"] == r["rename"]["tokenId"]
    holders = [t.id for t in stored.values() if t.role == ROLE]
    assert holders == [r["role"]["tokenId"]] and stored[holders[0]].enrichment.get("roleLocked") is True
    assert r["role"]["editStatus"].startswith(f"Role {ROLE} set")
    lib = [q for q in r["requests"] if q["phase"] in ("rename", "role") and q["url"].startswith(run["config"]["functions"]["library"])]
    assert [q["method"] for q in lib] == ["PATCH", "PATCH"] and all(q["status"] == 200 for q in lib)


def test_every_export_downloads_with_its_headers_and_content(run, db):
    r = run["report"]
    _, token = run["owner"]
    origin = run["input"]["pageOrigins"]["owner"]
    assert [d["format"] for d in r["downloads"]] == list(FORMATS)
    for d in r["downloads"]:
        h = d["headers"]
        assert d["status"] == 200
        # The file name comes from Content-Disposition, which CORS must expose to the page.
        assert h["content-disposition"] == f'attachment; filename="{d["suggested"]}"'
        assert "content-disposition" in h["access-control-expose-headers"].lower()
        assert h["access-control-allow-origin"] == origin and h["content-type"] == FORMATS[d["format"]].content_type
        body = Path(d["path"]).read_bytes()
        assert body, d
        # The same library version the API gives this user (ETag), whatever the export's timestamp.
        py = run["client"].call("export", "GET", token, query={"projectId": r["projectId"], "format": d["format"]})
        assert py.status == 200 and py.headers["ETag"] == h["etag"]
        if d["format"] == "zip":
            assert len(zipfile.ZipFile(io.BytesIO(body)).namelist()) >= len(FORMATS) - 1
    stored = _firestore_tokens(db, r["projectId"])
    renamed = stored[r["rename"]["tokenId"]]
    by_format = {d["format"]: Path(d["path"]) for d in r["downloads"]}
    # DTCG: the palette is the library's colors, the renamed one under its new name.
    doc = json.loads(by_format["dtcg"].read_text())
    flat = dtcgref.colors(doc)
    palette = [k for k in doc["palette"] if not k.startswith("$")]
    assert {flat[k].upper() for k in palette} == {t.hex for t in stored.values() if t.is_color}
    assert len(palette) == sum(t.is_color for t in stored.values())
    assert flat[slugify(NEW_NAME)].upper() == renamed.hex
    # CSS: a custom property per palette color, with the DTCG file's value.
    css = by_format["css"].read_text()
    for k in palette:
        assert re.search(rf"--color-{re.escape(k)}:\s*{flat[k]}\s*;", css, re.I), k
    assert r["exportStatus"].endswith("bytes).")


# --- who may see what, which origin may call ----------------------------------------------------------

def test_a_second_user_gets_permission_denied_from_the_listeners(run):
    s = run["report"]["stranger"]
    assert s["job"]["status"] == "unreadable" and s["job"]["errorCode"] == "permission-denied", s
    assert s["job"]["history"] == ""  # not one snapshot of the owner's job reached the page
    assert s["tokensError"].startswith("permission-denied") and s["tokensShown"] == 0


def test_an_origin_not_allowed_is_refused_at_the_preflight(run, db):
    r = run["report"]
    upload = run["config"]["functions"]["upload"]
    pre = [p for p in r["preflights"] if p["phase"] == "other-origin" and p["url"] == upload]
    assert pre and all(p["status"] == 403 for p in pre), pre
    assert all("Access-Control-Allow-Origin" not in p.get("responseHeaders", {}) for p in pre)
    assert "network_error" in r["otherOrigin"]["shown"] and "CORS" in r["otherOrigin"]["shown"]
    # The request itself never reached upload: the newcomer has no job.
    who = request("POST", f"{run['config']['emulators']['auth']}/identitytoolkit.googleapis.com/v1/"
                          "accounts:signInWithPassword?key=local-api-key",
                  body=json.dumps({**run["input"]["users"]["newcomer"], "returnSecureToken": True}).encode(),
                  headers={"Content-Type": "application/json"}).json()
    from google.cloud.firestore_v1.base_query import FieldFilter

    assert not list(db.collection("jobs").where(filter=FieldFilter("ownerUid", "==", who["localId"])).limit(1).stream())
    # While the allowed origin's preflights passed, for every function the page called.
    ok = {p["url"].split("?")[0] for p in r["preflights"]
          if p["phase"] != "other-origin" and _is_function(run, p["url"]) and p["status"] == 204}
    assert {run["config"]["functions"][f] for f in ("upload", "usage", "export")} <= ok
    assert any(u.startswith(run["config"]["functions"]["library"]) for u in ok)


def test_a_file_that_is_not_an_image_gets_the_api_error_shown(run):
    n = run["report"]["notImage"]
    assert n["alertRole"] == "alert"
    assert n["shown"] == ("notes.txt was not accepted — unsupported_image_type: "
                          "only PNG, JPEG, WebP and GIF images are accepted")


# --- 3. the bucket's CORS against the Terraform -------------------------------------------------------

def terraform_bucket_cors() -> dict:
    text = (REPO / "infra" / "storage.tf").read_text()
    block = re.search(r'dynamic "cors" \{.*?content \{(.*?)\n    \}', text, re.S).group(1)

    def strings(name: str) -> list[str]:
        return re.findall(r'"([^"]+)"', re.search(rf"{name}\s*=\s*\[(.*?)\]", block, re.S).group(1))

    return {"origin": re.search(r"origin\s*=\s*(\S+)", block).group(1), "method": strings("method"),
            "response_header": strings("response_header"),
            "max_age": int(re.search(r"max_age_seconds\s*=\s*(\d+)", block).group(1))}


def test_bucket_cors_matches_the_terraform(run, stack):
    """The browser's signed PUT needs from the bucket exactly what infra/storage.tf allows.

    fake-gcs-server answers CORS for any origin (it cannot be told the bucket's origins): this test
    says so, and checks the browser's real preflight against the Terraform's rule the way Cloud
    Storage applies it (origin listed, method listed, every requested header in responseHeader)."""
    r, cors = run["report"], terraform_bucket_cors()
    assert cors["origin"] == "var.allowed_origins"  # deployments list the web app's origin there
    assert {h.lower() for h in stack_module.BUCKET_CORS_HEADERS} == {h.lower() for h in cors["response_header"]}
    storage = run["config"]["storage"]
    pre = [p for p in r["preflights"] if p["url"].startswith(storage)]
    assert len(pre) == 1 and pre[0]["status"] == 200, pre
    asked = pre[0]["headers"]
    method = asked["Access-Control-Request-Method"]
    headers = {h.strip().lower() for h in asked["Access-Control-Request-Headers"].split(",")}
    # What the URL was signed with (besides host) is what the browser must send, so must be allowed.
    signed = set(urllib.parse.parse_qs(urllib.parse.urlsplit(pre[0]["url"]).query)["X-Goog-SignedHeaders"][0].split(";"))
    assert signed - {"host"} == headers == {"content-type", "x-goog-content-length-range"}
    # Cloud Storage with the Terraform's rule and allowed_origins = [the page's origin] would allow it.
    assert asked["Origin"] == run["input"]["pageOrigins"]["owner"]
    assert method in cors["method"] and headers <= {h.lower() for h in cors["response_header"]}
    # The local server does not enforce origins: a foreign origin's preflight passes too. Stated in
    # the README; if fake-gcs-server ever enforces them, this tells us to use it.
    foreign = request("OPTIONS", pre[0]["url"], headers={
        "Origin": "https://not-allowed.example", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": asked["Access-Control-Request-Headers"]})
    assert foreign.status == 200 and foreign.headers.get("Access-Control-Allow-Origin") == "*", (
        "fake-gcs-server now refuses foreign origins: restrict it to the page's origin and update README")
    print(f"\nbucket CORS: the local fake-gcs-server allows any origin (Access-Control-Allow-Origin: *); Cloud "
          f"Storage with infra/storage.tf allows only var.allowed_origins, methods {cors['method']}, headers "
          f"{cors['response_header']}, max age {cors['max_age']} s")


# --- 4. looked at, keyboard-usable, accessible --------------------------------------------------------

def test_screenshot_and_accessibility(run):
    r = run["report"]
    for shot in (r["screenshot"], r["allTypesScreenshot"]):
        with Image.open(shot) as im:
            assert im.format == "PNG" and im.width == 1280 and im.height > 900
    serious = [v for v in r["axe"] if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1)
    if r["axe"]:
        print("\naxe-core (minor/moderate): " + ", ".join(f"{v['id']} ({v['impact']})" for v in r["axe"]))


def test_the_page_is_keyboard_usable(run):
    r = run["report"]
    assert r["signinStops"][-1]["id"] == "email" and r["signedInAs"] == run["input"]["users"]["owner"]["email"]
    # The focus passes through the document itself (body) when it wraps around.
    stops = [s for s in r["tabStops"] if s["tag"] != "body"]
    assert len(r["tabStops"]) - len(stops) <= 1
    seen = {(s["tag"], s["id"] or s["cls"], s["format"]) for s in stops}
    for want in (("a", "skip", ""), ("button", "signout", ""), ("select", "project-select", ""),
                 ("input", "file-input", ""), ("button", "usage-refresh", "")):
        assert want in seen, want
    assert {s["format"] for s in stops if s["format"]} == set(FORMATS)
    colors = [t["id"] for t in r["tokensFinal"] if t["type"] == "color"]
    assert all(any(s["token"] == c and s["cls"] == "rename secondary" for s in stops) for c in colors)
    assert all(any(s["token"] == c and s["tag"] == "select" for s in stops) for c in colors)
    # Every stop shows where the focus is.
    hidden = [s for s in stops if s["outline"].split()[0] == "none" or float(s["outline"].split()[1][:-2]) < 2]
    assert not hidden, hidden
