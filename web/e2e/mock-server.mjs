// A stand-in for `entente serve` for the browser tests: it serves the built page (dist/) and
// answers `POST /api/<question>` and `POST /api/scenarios` from fixtures recorded from the
// command line's JSON (e2e/record.mjs). A query it has no recording for gets a clear 422; a
// question it does not know (such as `compare`) gets the 404 an older server would give.
import { createServer } from "node:http";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const QUESTIONS = ["check", "show", "decide", "power", "obligations", "replay", "coverage", "negotiate", "forecast", "validate", "report"];

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
    if (fx.question === "scenarios") uploads.set(canonical(fx.files), fx.answer);
    else answers.set(`${fx.question} ${canonical(fx.query)}`, fx.answer);
  }
  return { answers, uploads };
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png" };

/**
 * A `compare` answer in the shape the page expects, put together from recorded answers so that
 * the Compare view can be tested before the server has the question: "current" is the coverage
 * of the scenario's date, "before-finland" the coverage of 2023-04-03; the red lines are those the
 * recorded settlement analysis finds colliding. A test construction, not an engine's answer.
 */
function composedCompare(answers) {
  const cov = (q) => answers.get(`coverage ${canonical(q)}`);
  const red = answers.get(`negotiate ${canonical({})}`)?.no_deal?.collision ?? [];
  const world = (c) => ({ grey_zone: c.states.filter((s) => s.grey_zone).map((s) => s.state), coverage: c.states, red_lines: red });
  return {
    architectures: ["current", "before-finland"],
    by_architecture: [
      { architecture: "current", ...world(cov({})) },
      { architecture: "before-finland", ...world(cov({ as_of: "2023-04-03" })) },
    ],
  };
}

export function startMock(port = 0, options = {}) {
  const { answers, uploads } = loadFixtures();
  if (options.compare) answers.set(`compare ${canonical({ architectures: ["current", "before-finland"] })}`, composedCompare(answers));
  const known = options.compare ? [...QUESTIONS, "compare"] : QUESTIONS;
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const send = (status, body, type = "application/json") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
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
          return a ? send(200, a) : send(422, { kind: "unsupported", code: "mock-no-fixture", message: "the test server knows only the recorded uploads" });
        }
        if (!known.includes(name)) return send(404, { kind: "usage", code: "unknown-question", message: `no question \`${name}\` on this server` });
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
