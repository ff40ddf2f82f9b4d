// Records the fixtures the mock server answers from: each one the JSON that today's `entente`
// command line prints with `--format json` for the same question, which is the server's Answer.
// Run from web/: `node e2e/record.mjs [path/to/entente]` (default: `cargo run -q -p entente-cli --`).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UPLOADS } from "./uploads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "fixtures");
mkdirSync(out, { recursive: true });
const bin = process.argv[2] ? resolve(process.argv[2]) : undefined;

function cli(args, cwd) {
  const [cmd, pre] = bin ? [bin, []] : ["cargo", ["run", "-q", "-p", "entente-cli", "--"]];
  try {
    return { status: 0, text: execFileSync(cmd, [...pre, ...args, "--format", "json"], { cwd: cwd ?? join(here, "..", ".."), maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"] }).toString() };
  } catch (e) {
    return { status: e.status, text: e.stdout?.toString() ?? "", stderr: e.stderr?.toString() };
  }
}

const DATES = [undefined, "1991-12-31", "2004-03-29", "2020-03-27", "2023-04-03", "2023-04-04", "2024-03-07"];
const cases = [];
for (const d of DATES) {
  const q = d ? { as_of: d } : {};
  const a = d ? ["--as-of", d] : [];
  cases.push(["show", q, ["show", ...a]]);
  cases.push(["coverage", q, ["coverage", ...a]]);
}
for (const [event, kind] of [["RUS attacks POL"], ["RUS attacks EST", "hybrid_attack"], ["RUS attacks UKR"], ["RUS attacks FIN"]]) {
  const q = { event, ...(kind ? { kind } : {}) };
  cases.push(["obligations", q, ["obligations", "--event", event, ...(kind ? ["--kind", kind] : [])]]);
}
cases.push(["decide", { institution: "nato", decision: "consensus", no: ["HUN"] }, ["decide", "-i", "nato", "-d", "consensus", "--no", "HUN"]]);
cases.push(["decide", { institution: "nato", decision: "consensus" }, ["decide", "-i", "nato", "-d", "consensus"]]);
cases.push(["decide", { institution: "eu_council", decision: "qmv", no: ["DEU", "FRA", "ITA"] }, ["decide", "-i", "eu_council", "-d", "qmv", "--no", "DEU,FRA,ITA"]]);
cases.push(["power", { institution: "eu_council", decision: "qmv" }, ["power", "--institution", "eu_council", "--decision", "qmv"]]);
cases.push(["power", { institution: "nato", decision: "consensus" }, ["power", "--institution", "nato", "--decision", "consensus"]]);
cases.push(["replay", { timeline: "finland_accession" }, ["replay", "finland_accession"]]);
cases.push(["replay", { timeline: "sweden_accession" }, ["replay", "sweden_accession"]]);
cases.push(["negotiate", {}, ["negotiate"]]);
cases.push(["forecast", {}, ["forecast"]]);
cases.push(["check", {}, ["check"]]);

const slug = (q) => JSON.stringify(q).replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "default";
for (const [question, query, args] of cases) {
  const r = cli(args);
  if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  const file = join(out, `${question}--${slug(query)}.json`);
  writeFileSync(file, JSON.stringify({ question, query, answer: JSON.parse(r.text) }) + "\n");
  console.log("recorded", file);
}
// Uploads: the scenario checked in a folder of its own, so diagnostics name `scenario.toml`.
for (const [name, files] of Object.entries(UPLOADS)) {
  const dir = mkdtempSync(join(tmpdir(), "entente-upload-"));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  const r = cli(["check", "scenario.toml"], dir);
  rmSync(dir, { recursive: true, force: true });
  const check = JSON.parse(r.text);
  const file = join(out, `upload--${name}.json`);
  writeFileSync(file, JSON.stringify({ question: "scenarios", files, answer: { id: check.ok ? `fixture-${name}` : null, check } }) + "\n");
  console.log("recorded", file, "exit", r.status);
}
