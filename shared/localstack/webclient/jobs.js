// Each job's live progress from a Firestore listener on its document (`jobs/{jobId}`): status,
// progress, the error's code and message, the notes. Nothing polls the API.
import { doc, onSnapshot } from "firebase/firestore";

const LABELS = {
  awaiting_upload: "waiting for the image", queued: "queued", extracting: "extracting",
  enriching: "enriching", done: "done", failed: "failed",
};

export class JobList {
  constructor(db, list, empty, { onDone } = {}) {
    this.db = db;
    this.list = list;
    this.empty = empty;
    this.onDone = onDone || (() => {});
    this.jobs = new Map(); // job id → {li, unsubscribe, parts, history}
  }

  clear() {
    for (const job of this.jobs.values()) job.unsubscribe();
    this.jobs.clear();
    this.list.replaceChildren();
    this.empty.hidden = false;
  }

  watch(jobId, label) {
    const known = this.jobs.get(jobId);
    if (known) {
      // Seen first by the project's recent-jobs query: the upload knows the file's name.
      if (label && !label.startsWith("Image of")) {
        known.parts.name.textContent = label;
        known.parts.progress.setAttribute("aria-label", `Progress of ${label}`);
      }
      return;
    }
    const parts = {
      name: Object.assign(document.createElement("span"), { className: "job-name", textContent: label }),
      progress: Object.assign(document.createElement("progress"), { max: 100, value: 0 }),
      status: Object.assign(document.createElement("span"), { className: "job-status", textContent: "waiting for the listener…" }),
      error: Object.assign(document.createElement("p"), { className: "job-error error", hidden: true }),
      notes: Object.assign(document.createElement("p"), { className: "job-notes muted", hidden: true }),
    };
    parts.progress.setAttribute("aria-label", `Progress of ${label}`);
    const li = document.createElement("li");
    li.className = "job";
    li.dataset.jobId = jobId;
    li.dataset.status = "pending";
    li.dataset.history = "";
    // The status line is a live region of its own: screen readers hear each stage as it lands.
    parts.status.setAttribute("role", "status");
    li.append(parts.name, parts.progress, parts.status, parts.error, parts.notes);
    this.list.prepend(li);
    this.empty.hidden = true;
    const job = { li, parts, history: [] };
    job.unsubscribe = onSnapshot(doc(this.db, "jobs", jobId),
      (snap) => this.update(job, snap.exists() ? snap.data() : null),
      (err) => this.refused(job, err));
    this.jobs.set(jobId, job);
  }

  update(job, data) {
    const { li, parts } = job;
    if (!data) {
      parts.status.textContent = "no such job";
      li.dataset.status = "missing";
      return;
    }
    const status = data.status || "unknown";
    if (job.history.at(-1) !== status) job.history.push(status);
    li.dataset.history = job.history.join(",");
    li.dataset.status = status;
    li.dataset.progress = String(data.progress ?? 0);
    parts.progress.value = data.progress ?? 0;
    parts.status.textContent = `${LABELS[status] || status} — ${data.progress ?? 0} %`;
    if (data.error) {
      li.dataset.errorCode = data.error.code;
      parts.error.textContent = `${data.error.code}: ${data.error.message}`;
      parts.error.hidden = false;
    }
    const notes = data.notes || [];
    parts.notes.textContent = notes.join(" · ");
    parts.notes.hidden = notes.length === 0;
    if (status === "done" || status === "failed") this.onDone(li.dataset.jobId, status);
  }

  refused(job, err) {
    const { li, parts } = job;
    li.dataset.status = "unreadable";
    li.dataset.errorCode = err.code;
    parts.status.textContent = "cannot be read";
    parts.error.textContent = err.code === "permission-denied"
      ? "permission-denied: this job is not yours (Firestore rules refused the listener)"
      : `${err.code}: ${err.message}`;
    parts.error.hidden = false;
    parts.error.setAttribute("role", "alert");
  }
}
