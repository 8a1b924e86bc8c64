// The HTTPS functions, called as the web app calls them: a Firebase ID token on every request, JSON
// in and out, every refusal turned into an ApiError carrying the API's stable code and message.

export class ApiError extends Error {
  constructor(status, code, message, requestId = "", retryAfter = "") {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }

  describe() {
    const wait = this.retryAfter ? ` (retry in ${this.retryAfter} s)` : "";
    return `${this.code}: ${this.message}${wait}`;
  }
}

// `getAppCheckToken` (optional): the Firebase App Check token of this browser, sent as
// X-Firebase-AppCheck so that an account without a verified e-mail may still use AI (the server
// verifies it); "" or a failure sends the request without it — the server decides, the page never blocks.
export function makeApi(functions, getToken, getAppCheckToken = async () => "") {
  const base = (fn) => {
    const url = functions[fn];
    if (!url) throw new ApiError(0, "not_configured", `no URL for the ${fn} function in config.json`);
    return url.endsWith("/") ? url : `${url}/`;
  };

  async function call(fn, { method = "GET", path = [], query = {}, json, body } = {}) {
    const url = new URL(path.map(encodeURIComponent).join("/"), base(fn));
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers = new Headers({ Authorization: `Bearer ${await getToken()}` });
    let appCheck = "";
    try {
      appCheck = await getAppCheckToken();
    } catch {
      // no App Check token now (reCAPTCHA unreachable, throttled): the request goes without it
    }
    if (appCheck) headers.set("X-Firebase-AppCheck", appCheck);
    let payload = body;
    if (json !== undefined) {
      headers.set("Content-Type", "application/json");
      payload = JSON.stringify(json);
    }
    let res;
    try {
      res = await fetch(url, { method, headers, body: payload });
    } catch {
      // fetch hides why (a refused CORS preflight, the server down): the console says which.
      throw new ApiError(0, "network_error", `could not reach ${fn}: the browser blocked the request (CORS) or the server is down`);
    }
    if (!res.ok) throw await apiError(res);
    return res;
  }

  return {
    call,
    // Small images inline (one request, multipart), larger ones through a V4 signed URL.
    async upload(file, options, inlineMaxBytes) {
      if (file.size <= inlineMaxBytes) {
        const form = new FormData();
        for (const [k, v] of Object.entries(options)) form.append(k, String(v));
        form.append("file", file, file.name);
        const res = await call("upload", { method: "POST", body: form });
        return { ...(await res.json()), via: "inline" };
      }
      const res = await call("upload", {
        method: "POST",
        json: { ...options, contentType: file.type || "application/octet-stream", size: file.size },
      });
      const ticket = await res.json();
      let put;
      try {
        put = await fetch(ticket.upload.url, { method: ticket.upload.method, headers: ticket.upload.headers, body: file });
      } catch {
        throw new ApiError(0, "upload_blocked", "the browser could not PUT the image to the bucket (CORS or network)");
      }
      if (!put.ok) throw new ApiError(put.status, "upload_failed", `the bucket refused the image (HTTP ${put.status})`);
      return { ...ticket, via: "signed URL" };
    },
    async rename(projectId, tokenId, name) {
      const res = await call("library", { method: "PATCH", path: ["projects", projectId, "tokens", tokenId], json: { name } });
      return (await res.json()).token;
    },
    async assignRoles(projectId, assignments) {
      const res = await call("library", { method: "PATCH", path: ["projects", projectId, "roles"], json: { assignments } });
      return (await res.json()).changed;
    },
    async exportFile(projectId, format) {
      const res = await call("export", { query: { projectId, format } });
      const disposition = res.headers.get("Content-Disposition") || "";
      const match = /filename="([^"]+)"/.exec(disposition);
      return { filename: match ? match[1] : `tokens.${format}`, blob: await res.blob() };
    },
    async usage() {
      const res = await call("usage");
      return (await res.json()).usage;
    },
  };
}

async function apiError(res) {
  let err = {};
  try {
    err = (await res.json()).error || {};
  } catch {
    // not our JSON error shape (a proxy's page): the status says enough
  }
  return new ApiError(res.status, err.code || `http_${res.status}`, err.message || res.statusText || "request refused",
    err.requestId || res.headers.get("X-Request-Id") || "", res.headers.get("Retry-After") || "");
}
