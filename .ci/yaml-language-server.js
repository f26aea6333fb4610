// Does yaml-language-server, as an editor runs it, validate the YAML files of
// a content folder through their `# yaml-language-server: $schema=` lines?
// Usage: node yaml-language-server.js SERVER_JS FOLDER BROKEN_FILE
// Every file under FOLDER must get no diagnostics; BROKEN_FILE (a file with
// a schema violation, placed in FOLDER) must get at least one, so a server
// that loads no schema at all cannot pass. Exit 0 when both hold.
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const [server, folder, broken] = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith(".")) walk(p);
    else if (/\.ya?ml$/.test(e.name)) files.push(path.resolve(p));
  }
})(folder);

const child = spawn("node", [server, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
let id = 0;
const send = (msg) => {
  const body = JSON.stringify({ jsonrpc: "2.0", ...msg });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const diagnostics = new Map();
let buffer = Buffer.alloc(0);
child.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const head = buffer.indexOf("\r\n\r\n");
    if (head < 0) return;
    const length = Number(/Content-Length: (\d+)/.exec(buffer.slice(0, head).toString())[1]);
    if (buffer.length < head + 4 + length) return;
    const msg = JSON.parse(buffer.slice(head + 4, head + 4 + length).toString());
    buffer = buffer.slice(head + 4 + length);
    if (msg.method === "textDocument/publishDiagnostics") {
      diagnostics.set(msg.params.uri, msg.params.diagnostics);
    } else if (msg.method === "workspace/configuration") {
      send({ id: msg.id, result: msg.params.items.map(() => ({ validate: true, schemaStore: { enable: false } })) });
    } else if (msg.id !== undefined && msg.method) {
      send({ id: msg.id, result: null });
    }
  }
});

send({ id: ++id, method: "initialize", params: { processId: process.pid, rootUri: pathToFileURL(path.resolve(folder)).href, capabilities: {} } });
send({ method: "initialized", params: {} });
send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml: { validate: true, schemaStore: { enable: false } } } } });
for (const f of files) {
  send({ method: "textDocument/didOpen", params: { textDocument: { uri: pathToFileURL(f).href, languageId: "yaml", version: 1, text: fs.readFileSync(f, "utf8") } } });
}

const deadline = Date.now() + 60000;
const timer = setInterval(() => {
  if (diagnostics.size < files.length && Date.now() < deadline) return;
  clearInterval(timer);
  let failed = diagnostics.size < files.length;
  for (const f of files) {
    const found = diagnostics.get(pathToFileURL(f).href) || [];
    const isBroken = path.resolve(f) === path.resolve(broken);
    const ok = isBroken ? found.length > 0 : found.length === 0;
    console.log(`${ok ? "ok  " : "FAIL"} ${path.relative(folder, f)}: ${found.length} diagnostic(s)${found.length ? " — " + found.map((d) => d.message).join("; ") : ""}`);
    failed ||= !ok;
  }
  child.kill();
  process.exit(failed ? 1 : 0);
}, 500);
