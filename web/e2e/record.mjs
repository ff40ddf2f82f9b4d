// Records the fixtures the mock server answers from, by asking a real `entente serve` the same
// questions the browser tests ask, so that the mock and the server agree answer for answer.
// Run from web/: `node e2e/record.mjs [path/to/entente]` (default: $ENTENTE_BIN, else
// ../target/debug/entente); it starts the server on a free loopback port and stops it after.
import { spawn } from "node:child_process";
import { writeFileSync, mkdirSync, readdirSync, rmSync, existsSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UPLOADS } from "./uploads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "fixtures");
const bin = resolve(process.argv[2] ?? process.env.ENTENTE_BIN ?? join(here, "..", "..", "target", "debug", "entente"));
if (!existsSync(bin)) throw new Error(`no entente binary at ${bin} (cargo build -p entente-cli)`);

/** Starts `entente serve --port 0` and resolves with its base URL once it says where it listens. */
function serve() {
  const child = spawn(bin, ["serve", "--port", "0", "--bind", "127.0.0.1"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((ok, fail) => {
    let err = "";
    child.stderr.on("data", (c) => {
      err += c;
      const m = err.match(/on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) ok({ child, base: m[1] });
    });
    child.on("exit", (code) => fail(new Error(`entente serve exited (${code}): ${err}`)));
  });
}

const DATES = [undefined, "1991-12-31", "2004-03-29", "2020-03-27", "2023-04-03", "2023-04-04", "2024-03-07"];
const cases = [];
for (const d of DATES) {
  const q = d ? { as_of: d } : {};
  cases.push(["show", q], ["coverage", q]);
}
for (const architecture of ["ukraine_in_nato"]) cases.push(["show", { architecture }], ["coverage", { architecture }]);
for (const q of [{ event: "RUS attacks POL" }, { event: "RUS attacks EST", kind: "hybrid_attack" }, { event: "RUS attacks UKR" }, { event: "RUS attacks FIN" }]) cases.push(["obligations", q]);
cases.push(["obligations", { event: "RUS attacks UKR", architecture: "ukraine_in_nato" }]);
cases.push(["decide", { institution: "nato", decision: "consensus", no: ["HUN"] }]);
cases.push(["decide", { institution: "nato", decision: "consensus" }]);
cases.push(["decide", { institution: "eu_council", decision: "qmv", no: ["DEU", "FRA", "ITA"] }]);
cases.push(["power", { institution: "eu_council", decision: "qmv" }]);
cases.push(["power", { institution: "nato", decision: "consensus" }]);
cases.push(["replay", { timeline: "finland_accession" }], ["replay", { timeline: "sweden_accession" }]);
cases.push(["negotiate", {}], ["forecast", {}], ["check", {}]);
cases.push(["compare", {}], ["compare", { architectures: ["status_quo", "ukraine_in_nato"] }]);

const slug = (q) => JSON.stringify(q).replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "default";
const { child, base } = await serve();
try {
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (f.endsWith(".json")) rmSync(join(out, f));
  const post = async (path, body) => {
    const r = await fetch(new URL(path, base), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: r.status, json: await r.json() };
  };
  for (const [question, query] of cases) {
    const r = await post(`api/${question}`, query);
    if (r.status !== 200) throw new Error(`${question} ${JSON.stringify(query)}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
    const file = join(out, `${question}--${slug(query)}.json`);
    writeFileSync(file, JSON.stringify({ question, query, answer: r.json }) + "\n");
    console.log("recorded", file);
  }
  // Uploads: the server's own answer (its id and the check with diagnostics located in the files).
  for (const [name, files] of Object.entries(UPLOADS)) {
    const r = await post("api/scenarios", { files });
    const file = join(out, `upload--${name}.json`);
    writeFileSync(file, JSON.stringify({ question: "scenarios", files, status: r.status, answer: r.json }) + "\n");
    console.log("recorded", file, "HTTP", r.status);
  }
} finally {
  child.kill("SIGTERM");
}
