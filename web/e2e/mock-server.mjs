// A stand-in for `entente serve` for the browser tests when no entente binary is at hand: it serves
// the built page (dist/) and answers `POST /api/<question>` and `POST /api/scenarios` from answers
// recorded from the real server (e2e/record.mjs). A query it has no recording for gets a clear
// 422; a question it does not know gets the server's 404. Given the URL of a running
// `entente serve` (`startMock(0, { api: url })`), it passes every `/api/` request on to that
// server instead: the page just built is then tested against the real answers, whatever page the
// server's binary was compiled with.
import { createServer } from "node:http";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const QUESTIONS = ["check", "show", "decide", "power", "obligations", "replay", "coverage", "negotiate", "forecast", "validate", "report", "compare"];

/** JSON with object keys sorted, so that two equal queries compare equal as text. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

function loadFixtures() {
  const answers = new Map();
  const uploads = new Map();
  for (const f of readdirSync(join(here, "fixtures"))) {
    if (!f.endsWith(".json")) continue;
    const fx = JSON.parse(readFileSync(join(here, "fixtures", f), "utf8"));
    if (fx.question === "scenarios") uploads.set(canonical(fx.files), fx);
    else answers.set(`${fx.question} ${canonical(fx.query)}`, fx.answer);
  }
  return { answers, uploads };
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png" };

export function startMock(port = 0, options = {}) {
  const { answers, uploads } = loadFixtures();
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const send = (status, body, type = "application/json") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
    if (url.pathname.startsWith("/api/") && options.api) {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", async () => {
        try {
          const r = await fetch(new URL(`.${url.pathname}${url.search}`, options.api), { method: req.method, headers: { "content-type": req.headers["content-type"] ?? "application/json" }, body: ["GET", "HEAD"].includes(req.method) ? undefined : Buffer.concat(chunks) });
          send(r.status, Buffer.from(await r.arrayBuffer()), r.headers.get("content-type") ?? "application/json");
        } catch (e) {
          send(502, { kind: "unsupported", code: "unreachable", message: `entente serve at ${options.api} did not answer: ${e}` });
        }
      });
      return;
    }
    if (url.pathname.startsWith("/api/")) {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const name = url.pathname.slice(5);
        if (req.method !== "POST") return send(405, { kind: "usage", code: "method", message: "use POST" });
        let body;
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          return send(400, { kind: "usage", code: "bad-json", message: "the body is not JSON" });
        }
        if (name === "scenarios") {
          const a = uploads.get(canonical(body.files ?? {}));
          return a ? send(a.status ?? 200, a.answer) : send(422, { kind: "unsupported", code: "mock-no-fixture", message: "the test server knows only the recorded uploads" });
        }
        if (!QUESTIONS.includes(name)) return send(404, { kind: "usage", code: "unknown-question", message: `no question \`${name}\` on this server` });
        const a = answers.get(`${name} ${canonical(body)}`);
        return a !== undefined ? send(200, a) : send(422, { kind: "unsupported", code: "mock-no-fixture", message: `the test server has no recorded answer for ${name} ${canonical(body)}` });
      });
      return;
    }
    let p = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    if (p === "/" || p === "") p = "/index.html";
    const file = join(dist, p);
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return send(404, "not found", "text/plain");
    send(200, readFileSync(file), TYPES[extname(file)] ?? "application/octet-stream");
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startMock(Number(process.env.PORT ?? 8080));
  console.log(`mock entente serve on http://127.0.0.1:${s.address().port}/`);
}
