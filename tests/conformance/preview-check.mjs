// Renders the HTML preview in headless Debian Chromium (playwright-core, no browser download):
// fails on any console error, page error, failed request or request leaving the file itself;
// writes a full-page screenshot; prints JSON with what the browser computed for each semantic
// role chip (through the embedded CSS custom properties, sRGB bytes via a canvas) and for each
// typed sample (text specimens, font and weight samples, spacing bars, radii, shadow cards).
// usage: node preview-check.mjs <preview.html> <screenshot.png> <chromium> <userDataDir>
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [html, png, executablePath, userDataDir] = process.argv.slice(2);
const problems = [];
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await context.newPage();
  const url = pathToFileURL(html).href;
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => { if (r.url() !== url && !r.url().startsWith("data:")) problems.push(`external request: ${r.url()}`); });
  const resp = await page.goto(url, { waitUntil: "load" });
  if (!resp || !resp.ok()) problems.push(`load failed: ${resp && resp.status()}`);
  await page.screenshot({ path: png, fullPage: true });
  const computed = await page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    const toHex = (css) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000"; ctx.fillStyle = css; ctx.fillRect(0, 0, 1, 1);
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
      return "#" + [r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("");
    };
    const out = {};
    for (const section of document.querySelectorAll("section.scheme")) {
      const scheme = section.dataset.theme;
      out[scheme] = {};
      for (const chip of section.querySelectorAll(".rolechip")) {
        const role = chip.querySelector("b").textContent;
        out[scheme][role] = toHex(getComputedStyle(chip).backgroundColor);
      }
    }
    const swatches = [...document.querySelectorAll(".card .chip")].map((c) => toHex(getComputedStyle(c).backgroundColor));
    // Typed samples: what the browser computed through the embedded CSS (classes and var()s).
    const each = (selector, read) =>
      Object.fromEntries([...document.querySelectorAll(selector)].map((el) => [el.dataset.slug, read(getComputedStyle(el))]));
    const typed = {
      text: each(".spectext[data-slug]", (s) => ({
        fontFamily: s.fontFamily, fontSize: s.fontSize, fontWeight: s.fontWeight,
        lineHeight: s.lineHeight, letterSpacing: s.letterSpacing,
      })),
      font: each(".fontcard .glyphs[data-slug]", (s) => s.fontFamily),
      weight: each(".weight .glyphs[data-slug]", (s) => s.fontWeight),
      spacing: each(".bar[data-slug]", (s) => s.width),
      radius: each(".radius[data-slug]", (s) => s.borderTopLeftRadius),
      shadow: each(".shadowcard[data-slug]", (s) => s.boxShadow),
    };
    return { schemes: out, swatches, typed, oklch: CSS.supports("color", "oklch(0 0 0)") };
  });
  // The CSS scheme switching itself: OS dark mode, and data-theme="light" pinning light under it.
  const rootColors = () => page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    const style = getComputedStyle(document.documentElement);
    const out = {};
    for (const chip of document.querySelectorAll('section.scheme[data-theme="light"] .rolechip b')) {
      const role = chip.textContent;
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000"; ctx.fillStyle = style.getPropertyValue(`--color-${role}`).trim(); ctx.fillRect(0, 0, 1, 1);
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
      out[role] = "#" + [r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("");
    }
    return out;
  });
  const media = {};
  await page.emulateMedia({ colorScheme: "light" });
  media.light = await rootColors();
  await page.emulateMedia({ colorScheme: "dark" });
  media.dark = await rootColors();
  await page.evaluate(() => document.documentElement.setAttribute("data-theme", "light"));
  media.darkPinnedLight = await rootColors();
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
  media.lightPinnedDark = await rootColors();
  computed.media = media;
  console.log(JSON.stringify({ problems, computed }));
} finally {
  await context.close();
}
process.exit(problems.length ? 1 : 0);
