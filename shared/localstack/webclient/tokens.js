// The project's tokens as the Firestore listener delivers them: one section per type and group
// (colors, text styles, font families and weights, spacing, radii, shadows, and any type added
// later, shown by its value), each token once, updated in place so that focus and edits survive.

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "for" || k === "id") node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

const px = (d) => (d ? (d.unit === "rem" ? d.value * 16 : d.value) : 0);
const fmt = (n, digits = 2) => Number(n.toFixed(digits)).toString();
const dim = (d) => (d ? `${fmt(d.value)} ${d.unit}` : "0 px");
const cssFamily = (families) => families.map((f) => (/^[a-z-]+$/i.test(f) ? f : `"${f.replace(/["\\]/g, "")}"`)).join(", ");

// A document written before tokens were typed is a color ({hex, oklch} at the top).
export function normalize(id, data) {
  const t = { id, ...data };
  if (!t.type) {
    t.type = "color";
    if (!t.value && t.hex) t.value = { hex: t.hex, oklch: t.oklch || null };
  }
  t.group = t.group || { color: "color", fontFamily: "font", fontWeight: "font", typography: "typography", shadow: "shadow" }[t.type] || t.type;
  t.value = t.value || {};
  t.enrichment = t.enrichment || {};
  t.provenance = t.provenance || {};
  return t;
}

// WCAG 2 contrast, for tokens whose enrichment does not carry it.
function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function contrastOf(t) {
  const c = t.enrichment.contrast;
  if (c && typeof c.onWhite === "number") return c;
  const l = luminance(t.value.hex);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / 0.05;
  return { onWhite, onBlack, aaOnWhite: onWhite >= 4.5, aaOnBlack: onBlack >= 4.5 };
}

const shadowCss = (v) => (v.layers || []).map((l) => {
  const a = Math.round((l.alpha ?? 1) * 255).toString(16).padStart(2, "0");
  return `${l.inset ? "inset " : ""}${px(l.offsetX)}px ${px(l.offsetY)}px ${px(l.blur)}px ${px(l.spread)}px ${l.color}${a}`;
}).join(", ");

// What each type shows: a visual (the token used as CSS) and a line of facts.
const VIEWS = {
  color(t) {
    const c = contrastOf(t);
    const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.backgroundColor = t.value.hex;
    const pass = (ok) => (ok ? "passes AA" : "fails AA");
    return {
      visual: swatch,
      facts: [
        el("span", { class: "hex", text: t.value.hex }),
        el("span", { class: "contrast", text: `on white ${fmt(c.onWhite, 1)}:1 (${pass(c.aaOnWhite)}) · on black ${fmt(c.onBlack, 1)}:1 (${pass(c.aaOnBlack)})` }),
      ],
    };
  },
  typography(t) {
    const v = t.value;
    const specimen = el("p", { class: "specimen", text: "The quick brown fox jumps over the lazy dog" });
    Object.assign(specimen.style, {
      fontFamily: cssFamily(v.fontFamily || ["sans-serif"]), fontSize: `${px(v.fontSize)}px`,
      fontWeight: String(v.fontWeight), lineHeight: v.lineHeight ? String(v.lineHeight) : "normal",
      letterSpacing: `${px(v.letterSpacing)}px`, textTransform: t.enrichment.uppercase ? "uppercase" : "none",
    });
    const lh = v.lineHeight ? fmt(v.lineHeight) : "not measured";
    return {
      visual: specimen,
      facts: [el("span", { class: "metrics", text: `${fmt(px(v.fontSize), 1)} px · weight ${v.fontWeight} · line height ${lh} · tracking ${dim(v.letterSpacing)} · ${(v.fontFamily || []).join(", ")}` })],
    };
  },
  fontFamily(t) {
    const sample = el("span", { class: "glyphs", text: "Aa Bb Gg 0123", "aria-hidden": "true" });
    sample.style.fontFamily = cssFamily(t.value.families || ["sans-serif"]);
    return { visual: sample, facts: [el("span", { text: `${(t.value.families || []).join(", ")} (${t.value.familyClass || "?"})` })] };
  },
  fontWeight(t) {
    const sample = el("span", { class: "glyphs", text: "Aa", "aria-hidden": "true" });
    sample.style.fontWeight = String(t.value.value);
    return { visual: sample, facts: [el("span", { text: `weight ${t.value.value}` })] };
  },
  dimension(t) {
    const box = el("span", { class: t.group === "radius" ? "radius" : "bar", "aria-hidden": "true" });
    if (t.group === "radius") box.style.borderRadius = `${Math.min(px(t.value), 9999)}px`;
    else box.style.width = `${Math.min(px(t.value), 320)}px`;
    return { visual: box, facts: [el("span", { text: dim(t.value) })] };
  },
  shadow(t) {
    const card = el("span", { class: "shadowcard", "aria-hidden": "true" });
    card.style.boxShadow = shadowCss(t.value);
    return { visual: card, facts: [el("code", { text: shadowCss(t.value) })] };
  },
};

// Any other type: its value as JSON, so a type the page does not know yet still shows.
const view = (t) => (VIEWS[t.type] || ((x) => ({ visual: null, facts: [el("code", { text: JSON.stringify(x.value) })] })))(t);

// Most prominent first; a type scale from the largest size, spacing and radii from the smallest.
const byShare = (a, b) => (b.provenance.share || 0) - (a.provenance.share || 0) || a.name.localeCompare(b.name);
const ORDER = {
  typography: (a, b) => px(b.value.fontSize) - px(a.value.fontSize) || byShare(a, b),
  fontWeight: (a, b) => (a.value.value || 0) - (b.value.value || 0),
  dimension: (a, b) => px(a.value) - px(b.value) || byShare(a, b),
};

export class TokenBoard {
  constructor(root, catalog, { onRename, onRole }) {
    this.root = root;
    this.catalog = catalog;
    this.onRename = onRename;
    this.onRole = onRole;
    this.sections = new Map(); // "type:group" → {section, heading, list}
    this.items = new Map(); // token id → {li, sig, parts}
  }

  clear() {
    this.root.replaceChildren();
    this.sections.clear();
    this.items.clear();
  }

  sectionFor(t) {
    const key = `${t.type}:${t.group}`;
    let s = this.sections.get(key);
    if (s) return s;
    const known = this.catalog.sections.findIndex((c) => c.type === t.type && c.group === t.group);
    const title = known >= 0 ? this.catalog.sections[known].title : `${t.type} (${t.group})`;
    const id = `tokens-${t.type}-${t.group}`.replace(/[^A-Za-z0-9-]/g, "-");
    const heading = el("h3", { id });
    const list = el("ul", { class: `token-list type-${t.type} group-${t.group}`, "aria-labelledby": id, "data-type": t.type });
    const section = el("section", { class: "token-group", "data-key": key }, heading, list);
    s = { section, heading, list, title, order: known >= 0 ? known : 100 };
    this.sections.set(key, s);
    // Known sections in the catalog's order, later types after them.
    const after = [...this.sections.values()].filter((o) => o !== s && o.order <= s.order)
      .sort((a, b) => a.order - b.order).pop();
    if (after) after.section.after(section);
    else this.root.prepend(section);
    return s;
  }

  render(tokens) {
    const seen = new Set();
    const bySection = new Map();
    for (const t of tokens) {
      seen.add(t.id);
      const s = this.sectionFor(t);
      if (!bySection.has(s)) bySection.set(s, []);
      bySection.get(s).push(t);
      this.upsert(t, s);
    }
    for (const [id, item] of this.items) {
      if (!seen.has(id)) {
        item.li.remove();
        this.items.delete(id);
      }
    }
    for (const s of this.sections.values()) {
      const list = (bySection.get(s) || []).sort(ORDER[s.list.dataset.type] || byShare);
      s.heading.textContent = `${s.title} (${list.length})`;
      s.section.hidden = list.length === 0;
      // Reorder only when the order changed: moving a node would take the focus out of it.
      const current = [...s.list.children].map((li) => li.dataset.tokenId);
      if (current.join() !== list.map((t) => t.id).join()) for (const t of list) s.list.append(this.items.get(t.id).li);
    }
  }

  upsert(t, s) {
    const sig = JSON.stringify([t.name, t.role, t.value, t.enrichment.contrast, t.enrichment.uppercase]);
    let item = this.items.get(t.id);
    if (!item) {
      item = this.create(t);
      this.items.set(t.id, item);
      s.list.append(item.li);
    }
    if (item.sig === sig) return;
    item.sig = sig;
    const { li, parts } = item;
    Object.assign(li.dataset, { tokenId: t.id, type: t.type, group: t.group, name: t.name, role: t.role || "" });
    if (t.type === "color") li.dataset.hex = t.value.hex;
    const v = view(t);
    parts.visual.replaceChildren(...(v.visual ? [v.visual] : []));
    parts.facts.replaceChildren(...v.facts);
    if (!item.editing) parts.name.textContent = t.name;
    parts.rename.setAttribute("aria-label", `Rename ${t.name}`);
    if (parts.role) {
      parts.roleLabel.textContent = `Role of ${t.name}`;
      if (document.activeElement !== parts.role) parts.role.value = t.role || "";
    }
  }

  create(t) {
    const li = el("li", { class: "token" });
    const parts = {
      visual: el("div", { class: "visual" }),
      name: el("span", { class: "token-name" }),
      facts: el("div", { class: "facts" }),
      rename: el("button", { type: "button", class: "rename secondary", text: "Rename" }),
    };
    const controls = el("div", { class: "controls" });
    const roles = this.catalog.roles[t.type];
    if (roles) {
      const id = `role-${t.id}`;
      parts.roleLabel = el("label", { for: id, class: "visually-hidden" });
      parts.role = el("select", { id, class: "role" },
        el("option", { value: "", text: "no role" }), ...roles.map((r) => el("option", { value: r, text: r })));
      parts.role.addEventListener("change", () => this.onRole(t.id, parts.role.value || null));
      controls.append(parts.roleLabel, parts.role);
    }
    controls.append(parts.rename);
    const item = { li, parts, sig: "", editing: false };
    parts.rename.addEventListener("click", () => this.startRename(item));
    li.append(parts.visual, el("div", { class: "text" }, parts.name, parts.facts), controls);
    return item;
  }

  // Rename in place: Enter saves, Escape cancels; the focus comes back to the Rename button.
  startRename(item) {
    if (item.editing) return;
    item.editing = true;
    const { li, parts } = item;
    const id = `rename-${li.dataset.tokenId}`;
    const input = el("input", { id, type: "text", value: li.dataset.name, maxLength: 64, required: true });
    const form = el("form", { class: "rename-form" },
      el("label", { for: id, text: `New name for ${li.dataset.name}` }), input,
      el("button", { type: "submit", text: "Save" }),
      el("button", { type: "button", class: "secondary cancel", text: "Cancel" }));
    const done = () => {
      item.editing = false;
      form.replaceWith(parts.name);
      parts.name.textContent = li.dataset.name;
      parts.rename.hidden = false;
      parts.rename.focus();
    };
    form.querySelector(".cancel").addEventListener("click", done);
    form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); done(); } });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const name = input.value.trim();
      if (!name || name === li.dataset.name) return done();
      input.disabled = true;
      const ok = await this.onRename(li.dataset.tokenId, name);
      input.disabled = false;
      if (ok) {
        li.dataset.name = name;
        done();
      } else input.focus();
    });
    parts.name.replaceWith(form);
    parts.rename.hidden = true;
    input.focus();
    input.select();
  }
}
