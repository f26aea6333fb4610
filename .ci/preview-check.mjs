// Checks `handbok serve` in headless Chromium, on a copy of a guide:
// - an open page reloads itself after a save: its DOM changes, and the
//   tab does not navigate (no new document, the page's own state stays);
// - the findings the save brings are in the page's panel and marked in
//   its text; axe-core (WCAG 2.0/2.1/2.2 A and AA, light and dark) finds
//   no violation on that page, on the start page, or on the error page a
//   broken file shows, which goes when the file is fixed;
// - search works from the preview's memory under its security policy;
// - no script error, no request that leaves the preview;
// - screenshots of the page with findings, to be looked at.
//
// node preview-check.mjs --modules DIR --bin HANDBOK --guide COPY [--shots DIR]
import { createRequire } from "node:module";
import { violations } from "./axe.mjs";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const args = parse(process.argv.slice(2));
const require = createRequire(join(args.modules, "node_modules", "x.js"));
const puppeteer = require("puppeteer-core");
const AREA = join(args.guide, "omraden/ledarskap.yaml");
const PAGE = "omraden/ledarskap/";

const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

const server = spawn(args.bin, ["serve", "--port", "0", args.guide], { stdio: ["ignore", "pipe", "inherit"] });
const base = await firstLine(server.stdout);
const origin = new URL(base).origin;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const original = readFileSync(AREA, "utf8");
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => fail(`script error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") fail(`console: ${m.text()}`); });
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) fail(`request out: ${r.url()}`);
  });
  await checkReload(page);
  await axe(page, PAGE);
  if (args.shots) await shots(page, "preview-findings");
  await checkBroken(page);
  await page.goto(base, { waitUntil: "load" });
  await axe(page, "start page");
  await checkSearch(page);
} finally {
  writeFileSync(AREA, original);
  await browser.close();
  server.kill("SIGTERM");
}
console.log(`preview of ${args.guide}: ${failures.length} failure(s)`);
process.exit(failures.length ? 1 : 0);

function parse(argv) {
  const out = { modules: null, bin: null, guide: null, shots: null };
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  if (!out.modules || !out.bin || !out.guide) throw new Error("--modules, --bin and --guide are needed");
  return out;
}

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    let text = "";
    stream.on("data", (chunk) => {
      text += chunk;
      if (text.includes("\n")) resolve(text.split("\n")[0].trim());
    });
    stream.on("end", () => reject(new Error("handbok serve printed no address")));
  });
}

// Save an edit and see the open page change without a navigation.
async function checkReload(page) {
  await page.goto(base + PAGE, { waitUntil: "load" });
  // The event stream is open (it stays open: no "network idle" to wait for).
  await page.waitForFunction(() => window.handbokLive === true);
  await new Promise((r) => setTimeout(r, 300));
  let navigations = 0;
  page.on("framenavigated", (f) => { if (f === page.mainFrame()) navigations++; });
  await page.evaluate(() => { window.handbokCheck = "same document"; });
  const title = "Ledarskap i förändring";
  writeFileSync(AREA, original.replace("title: Ledarskap", `title: ${title}`)
    .replace("Förmåga att strategiskt leda", "Förmåga att strategiskt leda.. digtalt"));
  const saved = Date.now();
  try {
    await page.waitForFunction((t) => document.querySelector("h1")?.textContent === t,
      { timeout: 3000 }, title);
  } catch {
    fail(`${PAGE}: the page did not show the save within 3 s`);
    return;
  }
  console.log(`  the open page showed the save after ${Date.now() - saved} ms`);
  const state = await page.evaluate(() => window.handbokCheck);
  if (state !== "same document" || navigations > 0) fail(`${PAGE}: the tab navigated to reload`);
  const found = await page.evaluate(() => ({
    listed: document.querySelectorAll(".hb-findings li").length,
    marked: [...document.querySelectorAll("mark.hb-mark")].map((m) => m.textContent),
  }));
  if (found.listed < 2) fail(`${PAGE}: ${found.listed} finding(s) in the panel, 2 wanted`);
  if (!found.marked.includes("digtalt")) fail(`${PAGE}: "digtalt" is not marked (${found.marked})`);
}

// A file that does not load shows its error; fixed, the page is back.
async function checkBroken(page) {
  writeFileSync(AREA, original.replace("title: Ledarskap", "title: [Ledarskap"));
  try {
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Sidan kan inte visas",
      { timeout: 3000 });
  } catch {
    fail(`${PAGE}: no error page for a broken file`);
    return;
  }
  await axe(page, `${PAGE} (error page)`);
  if (args.shots) await shots(page, "preview-error");
  writeFileSync(AREA, original);
  try {
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Ledarskap",
      { timeout: 3000 });
  } catch {
    fail(`${PAGE}: the page did not come back when the file was fixed`);
  }
}

// The search page finds the key area once the index is built.
async function checkSearch(page) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    await page.goto(`${base}sok/?q=ledarskap`, { waitUntil: "load" });
    await page.waitForFunction(() => {
      const status = document.querySelector("#sok-status")?.textContent;
      return status && !status.startsWith("Söker");
    }, { timeout: 5000 }).catch(() => {});
    const hits = await page.$$eval("#sok-traffar li", (l) => l.length).catch(() => 0);
    if (hits > 0) {
      console.log(`  search: ${hits} hit(s) for "ledarskap"`);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  fail("search found nothing for \"ledarskap\" within 30 s");
}

async function axe(page, label) {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    for (const v of await violations(page, require)) fail(`${label} (${scheme}): axe: ${v}`);
  }
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
}

async function shots(page, name) {
  mkdirSync(args.shots, { recursive: true });
  for (const scheme of ["light", "dark"]) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await page.setViewport({ width: 1280, height: 900 });
    await page.screenshot({ path: join(args.shots, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
}
