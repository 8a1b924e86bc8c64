// The reference web client in Debian's Chromium (playwright-core, no browser download), as people
// use it: keyboard sign-in, images picked and dropped, jobs followed through the Firestore listener,
// tokens read, renamed and given a role, every export downloaded; then a second user on a link to
// the first user's job, and the page served from an origin the API does not allow.
//
// usage: node browser.mjs <input.json>   (written by test_web_client.py; prints the report as JSON)
// Every console message, page error, failed request, HTTP error and CORS preflight is recorded with
// the phase it happened in; the Python test decides which ones a phase may have (none, mostly).
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, basename } from "node:path";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const report = { events: [], requests: [], preflights: [], phases: [] };
let phase = "start";
const T = input.timeoutMs || 240_000;
const setPhase = (name) => { phase = name; report.phases.push({ name, at: Date.now() }); };
const ours = (url) => input.watchOrigins.some((o) => url.startsWith(o));

const browser = await chromium.launch({
  executablePath: input.chromium,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function newPage(label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const rec = (kind, extra) => report.events.push({ context: label, phase, kind, ...extra });
  page.on("console", (m) => rec("console", { type: m.type(), text: m.text(), url: m.location().url || "" }));
  page.on("pageerror", (e) => rec("pageerror", { type: "error", text: `${e.name}: ${e.message}` }));
  page.on("requestfailed", (r) => rec("requestfailed", { type: "error", text: r.failure()?.errorText || "", url: r.url(), method: r.method() }));
  page.on("response", (r) => {
    const req = r.request();
    if (ours(r.url())) {
      report.requests.push({ context: label, phase, method: req.method(), url: r.url(), status: r.status(), at: Date.now() });
    }
    if (r.status() >= 400) rec("http-error", { type: "error", text: `HTTP ${r.status()}`, url: r.url(), method: req.method() });
  });
  page.on("request", (r) => {
    if (!ours(r.url()) && !r.url().startsWith(input.pageOrigins[label]) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) {
      rec("external-request", { type: "error", text: "request outside the stack", url: r.url() });
    }
  });
  // CORS preflights are invisible to Playwright's request events: read them from DevTools.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const pending = new Map();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (e.request.method === "OPTIONS" || e.type === "Preflight") {
      pending.set(e.requestId, { context: label, phase, url: e.request.url, headers: e.request.headers, type: e.type });
    }
  });
  cdp.on("Network.responseReceived", (e) => {
    const p = pending.get(e.requestId);
    if (p) {
      report.preflights.push({ ...p, status: e.response.status, responseHeaders: e.response.headers });
      pending.delete(e.requestId);
    }
  });
  cdp.on("Network.loadingFailed", (e) => {
    const p = pending.get(e.requestId);
    if (p) {
      report.preflights.push({ ...p, status: 0, failed: e.errorText, cors: e.corsErrorStatus || null });
      pending.delete(e.requestId);
    }
  });
  return { context, page };
}

const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return { tag: "body" };
  const s = getComputedStyle(a);
  return {
    tag: a.tagName.toLowerCase(), id: a.id, cls: a.className, type: a.type || "", format: a.dataset.format || "",
    label: a.getAttribute("aria-label") || (a.labels && a.labels[0] ? a.labels[0].textContent : "") || a.textContent.trim().slice(0, 60),
    outline: `${s.outlineStyle} ${s.outlineWidth}`, token: a.closest("[data-token-id]")?.dataset.tokenId || "",
  };
});

async function tabTo(page, predicate, max = 60) {
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    stops.push(f);
    if (predicate(f)) return stops;
  }
  throw new Error(`keyboard: no Tab stop matched after ${max} presses: ${JSON.stringify(stops.slice(-5))}`);
}

async function signInByKeyboard(page, user, action = "signin") {
  await page.waitForSelector("#signin:not([hidden])", { timeout: 30_000 });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const stops = await tabTo(page, (f) => f.id === "email");
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(user.password);
  if (action === "signin") {
    await page.keyboard.press("Enter"); // the form's first submit button: Sign in
  } else {
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab"); // Create account
    await page.keyboard.press("Enter");
  }
  await page.waitForSelector("#app:not([hidden])", { timeout: 30_000 });
  return stops;
}

const shownTokens = (page) => page.$$eval("[data-token-id]", (els) => els.map((e) => ({
  id: e.dataset.tokenId, type: e.dataset.type, group: e.dataset.group, name: e.dataset.name,
  role: e.dataset.role || null, hex: e.dataset.hex || null, shownName: e.querySelector(".token-name")?.textContent || null,
  section: e.closest(".token-group")?.querySelector("h3")?.textContent || "",
})));

// Waits until the page shows exactly these tokens (ids, or a count); on a timeout the error says
// what the page showed instead, so a failure on a slow machine can be read from the report.
async function waitForTokens(page, expected, what, timeout = 30_000) {
  const want = typeof expected === "number" ? null : [...expected].sort();
  const n = want ? want.length : expected;
  const start = Date.now();
  let shown = [];
  while (Date.now() - start < timeout) {
    shown = (await page.$$eval("[data-token-id]", (els) => els.map((e) => e.dataset.tokenId))).sort();
    if (shown.length === n && (!want || shown.join() === want.join())) return;
    await page.waitForTimeout(200);
  }
  const state = await page.evaluate(() => ({
    project: document.getElementById("project-select").value, hash: location.hash,
    status: document.getElementById("tokens-status").textContent, error: document.getElementById("tokens-error").textContent,
  }));
  const missing = want ? want.filter((id) => !shown.includes(id)) : [];
  const extra = want ? shown.filter((id) => !want.includes(id)) : [];
  throw new Error(`tokens of ${what}: ${shown.length} shown, ${n} expected after ${timeout} ms; `
    + `missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}; page ${JSON.stringify(state)}`);
}

async function stableTokens(page, minimum = 1) {
  let last = -1;
  let since = Date.now();
  const start = Date.now();
  while (Date.now() - start < 60_000) {
    const n = await page.$$eval("[data-token-id]", (els) => els.length);
    if (n !== last) { last = n; since = Date.now(); }
    if (n >= minimum && Date.now() - since > 1500) return shownTokens(page);
    await page.waitForTimeout(200);
  }
  throw new Error(`tokens: fewer than ${minimum} shown after 60 s (${last})`);
}

const jobsShown = (page) => page.$$eval("li.job", (els) => els.map((e) => ({
  id: e.dataset.jobId, name: e.querySelector(".job-name").textContent, status: e.dataset.status,
  progress: e.dataset.progress, history: e.dataset.history, errorCode: e.dataset.errorCode || "",
  error: e.querySelector(".job-error").hidden ? "" : e.querySelector(".job-error").textContent,
  statusText: e.querySelector(".job-status").textContent,
})));

async function main() {
  mkdirSync(input.out, { recursive: true });
  // --- the owner ------------------------------------------------------------------------------------
  const A = await newPage("owner");
  setPhase("load");
  await A.page.goto(input.url, { waitUntil: "load" });
  setPhase("signin");
  report.signinStops = await signInByKeyboard(A.page, input.users.owner);
  report.signedInAs = await A.page.textContent("#account-email");

  setPhase("upload");
  await A.page.setInputFiles("#file-input", [input.files.screenshot, input.files.second, input.files.corrupt]);
  await A.page.waitForFunction(() => / of 3 files uploaded/.test(document.getElementById("upload-status").textContent), null, { timeout: 60_000 });
  report.uploadStatus = await A.page.textContent("#upload-status");
  if (!report.uploadStatus.startsWith("3 of 3")) throw new Error(`upload: the page says ${JSON.stringify(await A.page.textContent("#upload-errors"))}`);
  report.projectId = await A.page.$eval("#project-select", (s) => s.value);
  report.hash = await A.page.evaluate(() => location.hash);

  setPhase("wait-jobs");
  const waitStart = Date.now();
  await A.page.waitForFunction(() => {
    const jobs = [...document.querySelectorAll("li.job")];
    return jobs.length === 3 && jobs.every((j) => ["done", "failed"].includes(j.dataset.status));
  }, null, { timeout: T, polling: 250 });
  report.jobsWaitMs = Date.now() - waitStart;
  report.jobs = await jobsShown(A.page);

  setPhase("tokens");
  report.tokensShown = await stableTokens(A.page, 2);
  report.sections = await A.page.$$eval(".token-group:not([hidden]) h3", (hs) => hs.map((h) => h.textContent));
  report.specimens = await A.page.$$eval(".type-typography [data-token-id]", (els) => els.map((e) => {
    const s = getComputedStyle(e.querySelector(".specimen"));
    return { id: e.dataset.tokenId, fontSize: s.fontSize, fontWeight: s.fontWeight, lineHeight: s.lineHeight, letterSpacing: s.letterSpacing, text: e.querySelector(".metrics").textContent };
  }));
  report.swatches = await A.page.$$eval(".type-color [data-token-id]", (els) => els.map((e) => ({
    id: e.dataset.tokenId, background: getComputedStyle(e.querySelector(".swatch")).backgroundColor,
    contrast: e.querySelector(".contrast").textContent,
  })));

  setPhase("screenshot");
  report.screenshot = join(input.out, "web-client.png");
  await A.page.screenshot({ path: report.screenshot, fullPage: true });

  setPhase("axe");
  await A.page.evaluate(readFileSync(input.axe, "utf8"));
  report.axe = await A.page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  });

  // A reload: the session, the project (from the address) and its jobs come back; then the whole
  // page by keyboard, from its first Tab stop.
  setPhase("keyboard");
  await A.page.reload({ waitUntil: "load" });
  await A.page.waitForFunction(() => document.querySelectorAll("li.job").length === 3
    && [...document.querySelectorAll("li.job")].every((j) => ["done", "failed"].includes(j.dataset.status)), null, { timeout: 30_000 });
  report.afterReload = { tokens: (await stableTokens(A.page, 2)).length, jobs: await jobsShown(A.page) };
  // Tab around the whole page once: past the last control the focus wraps to the first (the skip
  // link), and on until the control we started after comes round again.
  const stops = [];
  const key = (f) => `${f.tag}#${f.id}.${f.cls}[${f.format}]${f.token}`;
  for (let i = 0; i < 250; i++) {
    await A.page.keyboard.press("Tab");
    const f = await focused(A.page);
    if (stops.length && key(f) === key(stops[0])) break;
    stops.push(f);
  }
  report.tabStops = stops;

  setPhase("rename");
  const color = report.tokensShown.find((t) => t.type === "color");
  const renameButton = A.page.locator(`[data-token-id="${color.id}"] button.rename`);
  await renameButton.focus();
  await A.page.keyboard.press("Enter");
  report.renameInputFocused = await A.page.evaluate((id) => document.activeElement.id === `rename-${id}`, color.id);
  await A.page.keyboard.press("Control+A");
  await A.page.keyboard.type(input.newName);
  await A.page.keyboard.press("Enter");
  await A.page.waitForFunction(({ id, name }) => {
    const li = document.querySelector(`[data-token-id="${id}"]`);
    return li && li.querySelector(".token-name")?.textContent === name && !li.querySelector("form");
  }, { id: color.id, name: input.newName }, { timeout: 30_000 });
  report.rename = { tokenId: color.id, from: color.name, to: input.newName, focusBack: await focused(A.page) };

  setPhase("role");
  const other = report.tokensShown.filter((t) => t.type === "color" && t.role !== input.role && t.id !== color.id)[0];
  const select = A.page.locator(`#role-${other.id}`);
  await select.focus();
  await select.selectOption(input.role);
  await A.page.waitForFunction(({ id, role }) => {
    const holders = [...document.querySelectorAll(`[data-role="${role}"]`)];
    return holders.length === 1 && holders[0].dataset.tokenId === id;
  }, { id: other.id, role: input.role }, { timeout: 30_000 });
  await A.page.waitForFunction(() => /^Role /.test(document.getElementById("edit-status").textContent), null, { timeout: 30_000 });
  report.role = { tokenId: other.id, role: input.role, editStatus: await A.page.textContent("#edit-status") };
  // The listener's last word on every token, after the edits.
  await A.page.waitForTimeout(1000);
  report.tokensFinal = await shownTokens(A.page);

  setPhase("exports");
  const downloadDir = join(input.out, "downloads");
  mkdirSync(downloadDir, { recursive: true });
  report.downloads = [];
  for (const format of await A.page.$$eval("#export-buttons button", (bs) => bs.map((b) => b.dataset.format))) {
    const responseP = A.page.waitForResponse((r) => r.url().includes(`format=${format}`) && r.request().method() === "GET", { timeout: 30_000 });
    const downloadP = A.page.waitForEvent("download", { timeout: 30_000 });
    await A.page.click(`#export-buttons button[data-format="${format}"]`);
    const [response, download] = await Promise.all([responseP, downloadP]);
    const path = join(downloadDir, download.suggestedFilename());
    await download.saveAs(path);
    report.downloads.push({ format, suggested: download.suggestedFilename(), path, status: response.status(), headers: await response.allHeaders() });
  }
  report.exportStatus = await A.page.textContent("#export-status");

  // A project holding every token type, those no extractor makes yet and one the page has never
  // heard of (seeded by the test): each gets its section.
  setPhase("all-types");
  await A.page.selectOption("#project-select", input.seededProject);
  await waitForTokens(A.page, input.seededCount, "the seeded project");
  report.allTypes = {
    sections: await A.page.$$eval(".token-group:not([hidden]) h3", (hs) => hs.map((h) => h.textContent)),
    tokens: await shownTokens(A.page),
    styles: await A.page.$$eval("[data-token-id]", (els) => els.map((e) => {
      const v = e.querySelector(".visual > *");
      const s = v ? getComputedStyle(v) : null;
      return { id: e.dataset.tokenId, width: s && s.width, radius: s && s.borderTopLeftRadius, shadow: s && s.boxShadow,
        fontWeight: s && s.fontWeight, facts: e.querySelector(".facts").textContent };
    })),
  };
  report.allTypesScreenshot = join(input.out, "web-client-all-types.png");
  await A.page.screenshot({ path: report.allTypesScreenshot, fullPage: true });
  await A.page.selectOption("#project-select", report.projectId);
  await waitForTokens(A.page, report.tokensFinal.map((t) => t.id), "back on the uploads' project");

  setPhase("not-an-image");
  await A.page.evaluate(({ name, b64 }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: "text/plain" }));
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { name: basename(input.files.notImage), b64: readFileSync(input.files.notImage).toString("base64") });
  await A.page.waitForSelector("#upload-errors p", { timeout: 30_000 });
  report.notImage = { shown: await A.page.textContent("#upload-errors"), alertRole: await A.page.getAttribute("#upload-errors", "role") };

  // --- a second user, on a link to the owner's project and job -------------------------------------
  setPhase("second-user");
  const B = await newPage("stranger");
  const failedJob = report.jobs.find((j) => j.status === "failed") || report.jobs[0];
  const doneJob = report.jobs.find((j) => j.status === "done");
  await B.page.goto(`${input.url}#project=${report.projectId}&job=${doneJob.id}`, { waitUntil: "load" });
  await signInByKeyboard(B.page, input.users.stranger);
  // Whatever the listeners answer first (the job's status, or the rules' refusal) is recorded.
  await B.page.waitForSelector(`li.job[data-job-id="${doneJob.id}"]:not([data-status="pending"])`, { timeout: 30_000 });
  await B.page.waitForFunction(() => document.getElementById("tokens-error").textContent.length > 0
    || document.querySelectorAll("[data-token-id]").length > 0, null, { timeout: 30_000 });
  report.stranger = {
    job: (await jobsShown(B.page)).find((j) => j.id === doneJob.id),
    tokensError: await B.page.textContent("#tokens-error"),
    tokensShown: (await shownTokens(B.page)).length,
  };
  report.failedJobId = failedJob.id;
  await B.context.close();

  // --- the page from an origin COPYTHAT_ALLOWED_ORIGINS does not name -------------------------------
  setPhase("other-origin");
  const C = await newPage("other-origin");
  await C.page.goto(input.otherUrl, { waitUntil: "load" });
  await signInByKeyboard(C.page, input.users.newcomer, "signup");
  await C.page.setInputFiles("#file-input", [input.files.screenshot]);
  await C.page.waitForSelector("#upload-errors p", { timeout: 30_000 });
  report.otherOrigin = { shown: await C.page.textContent("#upload-errors"), uid: await C.page.textContent("#account-email") };
  await C.context.close();

  setPhase("close");
  await A.context.close();
}

try {
  await main();
} catch (err) {
  report.error = { phase, message: String(err && err.stack || err) };
} finally {
  await browser.close();
  writeFileSync(join(input.out, "report.json"), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report));
}
