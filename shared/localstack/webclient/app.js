// Copy That's reference web client: sign in, add images, watch the jobs, read and edit the
// project's tokens, download the exports. Plain ES modules; the Firebase JS SDK through the import
// map. config.json says where the backend is (the local stack's emulators, or production).
import { initializeApp } from "firebase/app";
import {
  initializeAuth, connectAuthEmulator, indexedDBLocalPersistence, browserLocalPersistence,
  browserPopupRedirectResolver, onAuthStateChanged, signInWithEmailAndPassword,
  createUserWithEmailAndPassword, signInWithPopup, GoogleAuthProvider, signOut,
} from "firebase/auth";
import {
  getFirestore, connectFirestoreEmulator, collection, query, where, orderBy, limit, onSnapshot,
} from "firebase/firestore";
import { makeApi, ApiError } from "./api.js";
import { JobList } from "./jobs.js";
import { TokenBoard, normalize } from "./tokens.js";

const $ = (id) => document.getElementById(id);
const state = { user: null, projectId: "", projects: [], unsubscribe: [], tokensUnsubscribe: null };

async function loadJson(path) {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

// Firebase App Check with reCAPTCHA Enterprise when config.json names a site key (production): its
// module loads only then. The token goes with every call (api.js); the SDK caches and refreshes it.
async function appCheckTokens(appCheckConfig) {
  if (!appCheckConfig?.siteKey) return async () => "";
  const { initializeAppCheck, ReCaptchaEnterpriseProvider, getToken } = await import("firebase/app-check");
  const appCheck = initializeAppCheck(app, {
    provider: new ReCaptchaEnterpriseProvider(appCheckConfig.siteKey),
    isTokenAutoRefreshEnabled: true,
  });
  return async () => (await getToken(appCheck, false)).token;
}

const [config, catalog] = await Promise.all([loadJson("/config.json"), loadJson("/catalog.json")]);
const app = initializeApp(config.firebase);
const local = config.mode === "local";
// Google sign-in needs the popup resolver; e-mail/password on the emulator does not (and then the
// SDK loads nothing from Google).
const auth = initializeAuth(app, {
  persistence: [indexedDBLocalPersistence, browserLocalPersistence],
  ...(config.signIn.includes("google") ? { popupRedirectResolver: browserPopupRedirectResolver } : {}),
});
const db = getFirestore(app);
if (local) {
  // The page says it runs on emulators itself (header), so the SDK's own banner is not needed.
  connectAuthEmulator(auth, config.emulators.auth, { disableWarnings: true });
  connectFirestoreEmulator(db, config.emulators.firestore.host, config.emulators.firestore.port);
}
$("mode").textContent = local
  ? "Local stack: Auth and Firestore emulators, functions on 127.0.0.1"
  : `Project ${config.firebase.projectId}`;

const api = makeApi(config.functions, () => state.user.getIdToken(), await appCheckTokens(config.appCheck));
const jobs = new JobList(db, $("job-list"), $("jobs-empty"));
const board = new TokenBoard($("token-groups"), catalog, {
  async onRename(tokenId, name) {
    try {
      await api.rename(state.projectId, tokenId, name);
      say("edit-status", `Renamed to ${name}.`);
      return true;
    } catch (err) {
      say("tokens-error", `Rename refused — ${describe(err)}`);
      return false;
    }
  },
  async onRole(tokenId, role) {
    try {
      const changed = await api.assignRoles(state.projectId, { [tokenId]: role });
      say("edit-status", role ? `Role ${role} set (${changed.length} token${changed.length === 1 ? "" : "s"} changed).` : "Role cleared.");
    } catch (err) {
      say("tokens-error", `Role refused — ${describe(err)}`);
    }
  },
});

const describe = (err) => (err instanceof ApiError ? err.describe() : `${err.code || "error"}: ${err.message}`);
function say(id, text) {
  $(id).textContent = text;
}

// --- where the page is: #project=…&job=…,… (a link that can be shared or reloaded) -----------
function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { project: params.get("project") || "", jobs: (params.get("job") || "").split(",").filter(Boolean) };
}
function writeHash() {
  const params = new URLSearchParams();
  if (state.projectId) params.set("project", state.projectId);
  history.replaceState(null, "", params.toString() ? `#${params}` : location.pathname);
}

// --- sign in ---------------------------------------------------------------------------------------
$("password-form").hidden = !config.signIn.includes("password");
$("google-signin").hidden = !config.signIn.includes("google");
$("password-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const email = $("email").value.trim();
  const password = $("password").value;
  const create = e.submitter && e.submitter.value === "signup";
  say("signin-error", "");
  try {
    if (create) await createUserWithEmailAndPassword(auth, email, password);
    else await signInWithEmailAndPassword(auth, email, password);
  } catch (err) {
    say("signin-error", `${create ? "Account not created" : "Not signed in"} — ${err.code}`);
  }
});
$("google-signin").addEventListener("click", async () => {
  try {
    await signInWithPopup(auth, new GoogleAuthProvider());
  } catch (err) {
    say("signin-error", `Not signed in — ${err.code}`);
  }
});
$("signout").addEventListener("click", () => signOut(auth));

onAuthStateChanged(auth, (user) => {
  state.user = user;
  $("boot").hidden = true;
  $("signin").hidden = !!user;
  $("app").hidden = !user;
  $("account").hidden = !user;
  stopListening();
  if (!user) {
    $("email").focus();
    return;
  }
  $("account-email").textContent = user.email || user.uid;
  const linked = readHash();
  listenToProjects(user.uid, linked.project);
  selectProject(linked.project);
  for (const id of linked.jobs) jobs.watch(id, `Job ${id.slice(0, 8)}`);
  refreshUsage();
  $("main").focus();
});

function stopListening() {
  for (const stop of state.unsubscribe) stop();
  state.unsubscribe = [];
  if (state.tokensUnsubscribe) state.tokensUnsubscribe();
  state.tokensUnsubscribe = null;
  jobs.clear();
  board.clear();
}

// --- projects -------------------------------------------------------------------------------------
function listenToProjects(uid, linked) {
  // The rules let a user list projects only with ownerUid == their uid (firestore.indexes.json has it).
  const q = query(collection(db, "projects"), where("ownerUid", "==", uid), orderBy("createdAt", "desc"));
  state.unsubscribe.push(onSnapshot(q, (snap) => {
    state.projects = snap.docs.map((d) => ({ id: d.id, name: d.data().name || d.id }));
    const select = $("project-select");
    const ids = new Set(state.projects.map((p) => p.id));
    const options = [new Option("New project…", "")];
    for (const p of state.projects) options.push(new Option(p.name, p.id));
    // A linked project that is not (or not yet) in the list stays selectable.
    for (const extra of [linked, state.projectId]) {
      if (extra && !ids.has(extra)) {
        options.push(new Option(extra, extra));
        ids.add(extra);
      }
    }
    select.replaceChildren(...options);
    select.value = state.projectId;
  }, (err) => say("tokens-error", `Projects cannot be listed — ${err.code}`)));
}

$("project-select").addEventListener("change", (e) => selectProject(e.target.value));

function selectProject(projectId) {
  if (projectId === state.projectId && state.tokensUnsubscribe) return;
  state.projectId = projectId;
  const select = $("project-select");
  // A project the projects listener has not reported yet (just created by an upload, or linked)
  // gets its option now: without it the select would show "New project…" for an active project.
  if (projectId && ![...select.options].some((o) => o.value === projectId)) select.append(new Option(projectId, projectId));
  select.value = projectId;
  $("project-name-field").hidden = !!projectId;
  writeHash();
  if (state.tokensUnsubscribe) state.tokensUnsubscribe();
  state.tokensUnsubscribe = null;
  board.clear();
  say("tokens-error", "");
  say("token-count", "");
  $("export-buttons").querySelectorAll("button").forEach((b) => { b.disabled = !projectId; });
  if (!projectId) {
    say("tokens-status", "Add an image to start a project.");
    return;
  }
  say("tokens-status", "Listening for tokens…");
  // Every token of the project, whatever its type: types added later show up without a change here.
  const stopTokens = onSnapshot(collection(db, "projects", projectId, "tokens"), (snap) => {
    const tokens = snap.docs.map((d) => normalize(d.id, d.data()));
    board.render(tokens);
    say("token-count", `(${tokens.length})`);
    say("tokens-status", tokens.length ? "" : "No tokens yet: they appear here as jobs finish.");
  }, (err) => {
    say("tokens-status", "");
    say("tokens-error", err.code === "permission-denied"
      ? "permission-denied: this project is not yours (Firestore rules refused the listener)"
      : `Tokens cannot be read — ${err.code}`);
  });
  // The project's recent jobs (started elsewhere, or before a reload) join the list.
  const recent = query(collection(db, "jobs"), where("ownerUid", "==", state.user.uid),
    where("projectId", "==", projectId), orderBy("createdAt", "desc"), limit(10));
  const stopJobs = onSnapshot(recent, (snap) => {
    for (const d of [...snap.docs].reverse()) jobs.watch(d.id, `Image of ${formatTime(d.data().createdAt)}`);
  }, () => {});
  state.tokensUnsubscribe = () => { stopTokens(); stopJobs(); };
}

const formatTime = (ts) => (ts && ts.toDate ? ts.toDate().toLocaleString() : "earlier");

// --- images in ------------------------------------------------------------------------------------
async function uploadAll(files) {
  const list = [...files];
  if (!list.length) return;
  $("upload-errors").replaceChildren();
  say("upload-status", `Uploading ${list.length} file${list.length === 1 ? "" : "s"}…`);
  let started = 0;
  // One after the other: the first may create the project the others then join.
  for (const file of list) {
    const options = state.projectId
      ? { projectId: state.projectId }
      : { createProject: true, projectName: $("project-name").value.trim() || "My design tokens" };
    try {
      const result = await api.upload(file, options, config.inlineMaxBytes);
      started += 1;
      jobs.watch(result.jobId, file.name);
      if (result.projectId !== state.projectId) selectProject(result.projectId);
      say("upload-status", `${file.name} uploaded (${result.via}).`);
    } catch (err) {
      const p = document.createElement("p");
      p.textContent = `${file.name} was not accepted — ${describe(err)}`;
      $("upload-errors").append(p);
    }
  }
  say("upload-status", `${started} of ${list.length} file${list.length === 1 ? "" : "s"} uploaded.`);
}

$("file-input").addEventListener("change", async (e) => {
  await uploadAll(e.target.files);
  e.target.value = "";
});
const zone = $("dropzone");
zone.addEventListener("dragover", (e) => {
  e.preventDefault();
  zone.classList.add("over");
});
zone.addEventListener("dragleave", () => zone.classList.remove("over"));
zone.addEventListener("drop", (e) => {
  e.preventDefault();
  zone.classList.remove("over");
  uploadAll(e.dataTransfer.files);
});

// --- exports ----------------------------------------------------------------------------------------
for (const f of catalog.formats) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.format = f.name;
  button.textContent = f.label;
  button.disabled = true;
  button.addEventListener("click", () => download(f));
  $("export-buttons").append(button);
}

async function download(format) {
  say("export-error", "");
  say("export-status", `Preparing ${format.label}…`);
  try {
    const { filename, blob } = await api.exportFile(state.projectId, format.name);
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement("a"), { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say("export-status", `${filename} downloaded (${blob.size.toLocaleString()} bytes).`);
  } catch (err) {
    say("export-status", "");
    say("export-error", `${format.label} not downloaded — ${describe(err)}`);
  }
}

// --- usage ------------------------------------------------------------------------------------------
async function refreshUsage() {
  try {
    const u = await api.usage();
    const cap = (v) => (v === null || v === undefined ? "no cap" : `$${v.toFixed(4)}`);
    say("usage-text", `Today $${u.todayUsd.toFixed(4)} in ${u.todayCalls} AI call${u.todayCalls === 1 ? "" : "s"} (daily budget ${cap(u.dailyCapUsd)}); this month $${u.monthUsd.toFixed(4)} (budget ${cap(u.monthlyCapUsd)}).`);
  } catch (err) {
    say("usage-text", `Usage unavailable — ${describe(err)}`);
  }
}
$("usage-refresh").addEventListener("click", refreshUsage);
