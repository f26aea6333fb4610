// Checks an exported site in headless Chromium, served from a sub-path:
// - axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page, light and dark;
// - every link, image, stylesheet and script of every page, with its
//   #fragment, leads to a file of the site; no request leaves the site;
// - every page reflows at 320 CSS px without sideways scrolling;
// - redirect pages land on their page, a missing page gets 404.html;
// - search, typed into the banner's box, finds a page by a word that
//   only that page holds (the first page under each --find PREFIX);
// - screenshots at 1280 and 360 px, to be looked at.
//
// node site-check.mjs --modules DIR --site SITE [--find PREFIX]... [--shots DIR]
// DIR holds node_modules with puppeteer-core and axe-core.
import { createRequire } from "node:module";
import { violations } from "./axe.mjs";
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync, mkdirSync } from "node:fs";
import { join, extname, relative } from "node:path";

const args = parse(process.argv.slice(2));
const require = createRequire(join(args.modules, "node_modules", "x.js"));
const puppeteer = require("puppeteer-core");
const MOUNT = "/del/av/webben/";
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
  ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
  ".pdf": "application/pdf", ".epub": "application/epub+zip",
};

const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

const pages = htmlFiles(args.site);
const server = await serve(args.site);
const origin = `http://127.0.0.1:${server.address().port}`;
const root = origin + MOUNT;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
try {
  const page = await browser.newPage();
  const watch = await watcher(page);
  for (const file of pages) await checkPage(page, watch, file);
  await checkNotFound(page, watch);
  watch.intercept = false;
  await page.setRequestInterception(false);
  for (const prefix of args.find) await checkSearch(page, watch, prefix);
  if (args.shots) await screenshots(page, watch);
} finally {
  await browser.close();
  server.close();
}
console.log(`${pages.length} pages checked in ${args.site}: ${failures.length} failure(s)`);
process.exit(failures.length ? 1 : 0);

function parse(argv) {
  const out = { find: [], shots: null, modules: ".", site: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === "--find") out.find.push(value);
    else if (key === "--shots") out.shots = value;
    else if (key === "--modules") out.modules = value;
    else if (key === "--site") out.site = value;
    else throw new Error(`unknown argument ${key}`);
  }
  if (!out.site) throw new Error("--site SITE is needed");
  return out;
}

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith(".html")) out.push(relative(args.site, path));
  }
  return out.filter((f) => !f.startsWith("..")).map((f) => f.split("\\").join("/"));
}


// A static server as any host would be: the site under MOUNT, a folder
// answers with its index.html, anything else missing with 404.html.
function serve(site) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const file = fileOf(url.pathname);
    if (file && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(readFileSync(file));
    } else {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(readFileSync(join(site, "404.html")));
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// The file of the site a path of the server names, or null.
function fileOf(pathname) {
  if (!pathname.startsWith(MOUNT)) return null;
  let rest = decodeURIComponent(pathname.slice(MOUNT.length));
  if (rest.split("/").includes("..")) return null;
  if (rest === "" || rest.endsWith("/")) rest += "index.html";
  return join(args.site, rest);
}

// Every request the page makes: one that leaves the site or fails is a
// failure. While pages are checked, a navigation away from the page is
// stopped, so a redirect page is checked before it sends the reader on;
// search runs without (puppeteer's interception stalls Pagefind's worker).
async function watcher(page) {
  const state = { url: null, label: "", intercept: true };
  await page.setRequestInterception(true);
  const pass = (req) => state.intercept && req.continue();
  page.on("request", (req) => {
    const url = req.url();
    if (url.startsWith("data:")) return pass(req);
    if (!url.startsWith(origin)) {
      fail(`${state.label}: a request left the site: ${url}`);
      return state.intercept && req.abort();
    }
    const away = req.isNavigationRequest() && req.frame() === page.mainFrame() && state.url && url !== state.url;
    if (away && state.intercept) return req.abort();
    pass(req);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && res.url() !== state.url) {
      fail(`${state.label}: ${res.status()} for ${res.url()}`);
    }
  });
  page.on("pageerror", (e) => fail(`${state.label}: script error: ${e.message}`));
  return state;
}

async function open(page, watch, url, label) {
  watch.url = url;
  watch.label = label;
  return page.goto(url, { waitUntil: "load" });
}

async function checkPage(page, watch, file) {
  const path = file.endsWith("index.html") ? file.slice(0, -"index.html".length) : file;
  if (file === "404.html") return;
  await page.setViewport({ width: 1280, height: 900 });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  const res = await open(page, watch, root + path, file);
  if (res.status() !== 200) fail(`${file}: status ${res.status()}`);
  await axe(page, file, "light");
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  await axe(page, file, "dark");
  await links(page, file);
  await page.setViewport({ width: 320, height: 640 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (wide > 0) fail(`${file}: ${wide} px wider than a 320 px screen`);
  const refresh = await page.$eval("head", (h) =>
    h.querySelector('meta[http-equiv="refresh"]')?.content ?? null);
  if (refresh) await checkRedirect(page, watch, file, path, refresh);
}

async function axe(page, file, scheme) {
  for (const v of await violations(page, require)) fail(`${file} (${scheme}): axe: ${v}`);
}

// Every address the page names, resolved by the browser; those inside
// the site must name a file, and a #fragment an id in it.
async function links(page, file) {
  const urls = await page.evaluate(() => [
    ...[...document.querySelectorAll("a[href], link[href]")].map((e) => e.href),
    ...[...document.querySelectorAll("img[src], script[src]")].map((e) => e.src),
  ]);
  for (const raw of urls) {
    if (raw.startsWith("data:") || raw.startsWith("mailto:")) continue;
    const url = new URL(raw);
    if (url.origin !== origin) continue;
    const target = fileOf(url.pathname);
    if (!target || !existsSync(target)) {
      fail(`${file}: link to a missing file: ${url.pathname}`);
      continue;
    }
    const id = decodeURIComponent(url.hash.slice(1));
    if (id && !readFileSync(target, "utf8").includes(`id="${id}"`)) {
      fail(`${file}: no id "${id}" in ${relative(args.site, target)}`);
    }
  }
}

// A redirect page sends the reader, at once, to the page its link names.
async function checkRedirect(page, watch, file, path, refresh) {
  const to = new URL(refresh.replace(/^0; url=/, ""), root + path).href;
  const linked = await page.$eval("main a", (a) => a.href);
  if (to !== linked) fail(`${file}: refreshes to ${to} but links ${linked}`);
  watch.url = null;
  await page.goto(root + path, { waitUntil: "load" });
  await page.waitForNavigation({ waitUntil: "load", timeout: 5000 }).catch(() => {});
  if (page.url() !== to) fail(`${file}: the redirect landed on ${page.url()}, not ${to}`);
}

async function checkNotFound(page, watch) {
  await page.setViewport({ width: 1280, height: 900 });
  const res = await open(page, watch, `${root}finns/inte/`, "404.html");
  if (res.status() !== 404) fail(`a missing page answered ${res.status()}`);
  const css = await page.evaluate(() => getComputedStyle(document.body).maxWidth !== "none"
    || document.styleSheets.length > 0);
  if (!css) fail("404.html has no style");
  await axe(page, "404.html", "light");
}

// The words of a page's main text that no other page of the search holds.
function ownWords(path) {
  const words = (file) => {
    const html = readFileSync(join(args.site, file), "utf8");
    const main = html.match(/<main[^>]*data-pagefind-body[^>]*>([\s\S]*?)<\/main>/);
    if (!main) return new Set();
    const text = main[1].replace(/<[^>]+>/g, " ").toLowerCase();
    return new Set(text.match(/\p{L}{8,}/gu) || []);
  };
  const own = words(path + "index.html");
  for (const other of pages) {
    if (other === path + "index.html") continue;
    for (const w of words(other)) own.delete(w);
  }
  return [...own].sort();
}

// Types a word that only one page under `prefix` holds into the
// banner's search box and expects that page among the hits.
async function checkSearch(page, watch, prefix) {
  const candidates = pages
    .filter((p) => p.startsWith(prefix) && p.endsWith("/index.html"))
    .map((p) => p.slice(0, -"index.html".length));
  const path = candidates.find((p) => ownWords(p).length > 0);
  if (!path) return fail(`search: no page under ${prefix} has a word of its own`);
  const word = ownWords(path)[0];
  await page.setViewport({ width: 1280, height: 900 });
  await open(page, watch, root, "search");
  await page.type("#sok", word);
  watch.url = null;
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  await page.waitForFunction(() => {
    const s = document.getElementById("sok-status").textContent;
    return s && !s.startsWith("Söker");
  }, { timeout: 10000 });
  const hits = await page.$$eval("#sok-traffar a", (as) => as.map((a) => a.href));
  const status = await page.$eval("#sok-status", (s) => s.textContent);
  console.log(`  search "${word}" (only in ${path}): ${status} ${hits.map((h) => h.slice(root.length)).join(", ")}`);
  if (!hits.includes(root + path)) fail(`search for "${word}" did not find ${path}`);
  await axe(page, `sok/?q=${word}`, "light");
  // A hostile query is shown as text: no bidi override, no markup, cut short.
  const hostile = encodeURIComponent(`\u202e<img src=x onerror=alert(1)>${"å".repeat(400)}`);
  await open(page, watch, `${root}sok/?q=${hostile}`, "hostile search");
  await page.waitForFunction(() => {
    const s = document.getElementById("sok-status").textContent;
    return s && !s.startsWith("Söker");
  }, { timeout: 10000 });
  const shown = await page.$eval("#sok-status", (s) => s.textContent);
  if (shown.includes("\u202e") || shown.length > 300 || (await page.$("main img"))) {
    fail(`a hostile query came back as it was: ${shown.slice(0, 80)}`);
  }
}

async function screenshots(page, watch) {
  mkdirSync(args.shots, { recursive: true });
  const chapter = pages.find((p) => p.startsWith("omraden/")) || pages[0];
  const shots = [["start", root], ["chapter", root + chapter], ["search", `${root}sok/?q=ledarskap`]];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    for (const width of [1280, 360]) {
      await page.setViewport({ width, height: 900 });
      for (const [name, url] of shots) {
        await open(page, watch, url, `screenshot ${name}`);
        await new Promise((ok) => setTimeout(ok, 300));
        const path = join(args.shots, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path, fullPage: true });
      }
    }
  }
}
