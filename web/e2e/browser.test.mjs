// End-to-end tests of the web page in a real browser (Debian's chromium, driven by
// playwright-core). They click through every view on the bundled scenario and assert content;
// screenshots go to e2e/screenshots/. The page is the one just built (dist/), served by
// e2e/mock-server.mjs; ENTENTE_URL=http://127.0.0.1:8080/ sends its questions on to a running
// `entente serve` (run.sh starts one when it finds the binary); without it they are answered from
// answers recorded from the real server. Without a browser they are skipped with a notice, or fail when CI=true.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "./mock-server.mjs";
import { UNKNOWN_ID } from "./uploads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "screenshots");
const CI = process.env.CI === "true";
const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const executablePath = candidates.find((p) => existsSync(p));
let chromium = null;
try {
  ({ chromium } = await import("playwright-core"));
} catch {
  chromium = null;
}
const missing = !executablePath ? "no chromium executable (apt-get install chromium)" : !chromium ? "playwright-core is not installed (npm ci in web/)" : null;
if (missing) {
  if (CI) throw new Error(`browser tests cannot run under CI=true: ${missing}`);
  console.log(`# NOTICE: browser tests skipped: ${missing}`);
}
const skip = missing ? missing : false;

let browser;
let server;
let base;
const requests = [];
const consoleErrors = [];

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  // The page is always the one just built (dist/); its questions go to ENTENTE_URL when set.
  const api = process.env.ENTENTE_URL ? process.env.ENTENTE_URL.replace(/\/?$/, "/") : undefined;
  server = await startMock(0, { api });
  base = `http://127.0.0.1:${server.address().port}/`;
  const args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];
  browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
});

async function page(path, viewport = { width: 1280, height: 900 }) {
  const ctx = await browser.newContext({ viewport });
  ctx.setDefaultTimeout(15000);
  const p = await ctx.newPage();
  p.on("request", (r) => requests.push(r.url()));
  p.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
  p.on("console", (m) => {
    // A refused request (a 4xx the page shows as a message) is logged by the browser; only other
    // errors count, a Content-Security-Policy violation among them.
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
  });
  await p.goto(new URL(path, base).href);
  return p;
}
const shot = (p, name) => p.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

/** Distinct states coloured with the given status on the map. */
async function statesWith(p, status) {
  return p.$$eval(`.map-figure [data-status="${status}"]`, (es) => new Set(es.map((e) => e.getAttribute("data-state"))).size);
}

test("map: a shape for every scenario state with a polygon; NATO 30 then 31", { skip }, async () => {
  const p = await page("?view=map&date=2023-04-03&by=nato");
  await p.waitForSelector("svg.map path.state");
  await p.waitForFunction(() => document.querySelector("#map-summary")?.textContent?.includes("2023-04-03"));
  // Every state the scenario lists (the coverage answer names all of them) has a shape, except
  // those the geometry has none for; each appears once in the table under the map.
  const rows = await p.$$eval(".state-list tbody tr td:first-child", (es) => es.map((e) => e.textContent));
  const shapes = await p.$$eval("svg.map path.state", (es) => es.map((e) => e.getAttribute("data-state")));
  const chipsNoShape = await p.$$eval('.chip[data-shape="none"]', (es) => es.map((e) => e.getAttribute("data-state")));
  assert.ok(rows.length >= 60, `states listed: ${rows.length}`);
  assert.equal(new Set(shapes).size, shapes.length, "one shape per state");
  for (const id of rows) assert.ok(shapes.includes(id) || chipsNoShape.includes(id), `state ${id} is on the map`);
  for (const id of ["POL", "UKR", "RUS", "FIN", "USA", "CAN", "AND", "MCO", "SMR", "VAT", "LIE", "XKX", "CYP"]) assert.ok(shapes.includes(id), `${id} has a shape`);
  // Microstates are also points; Crimea is hatched as occupied, inside Ukraine.
  for (const id of ["AND", "MCO", "SMR", "VAT", "LIE"]) assert.ok(await p.$(`circle.microstate[data-state="${id}"]`), `${id} drawn as a point`);
  assert.ok(await p.$('[data-occupied="UKR"]'), "occupied areas of Ukraine are marked");
  assert.equal(await statesWith(p, "member"), 30);
  assert.match(await p.textContent("#map-summary"), /30 members coloured/);
  assert.notEqual(await p.getAttribute('path[data-state="FIN"]', "data-status"), "member");
  await shot(p, "map-2023-04-03");
  await p.fill("#date", "2023-04-04");
  await p.dispatchEvent("#date", "change");
  await p.waitForFunction(() => document.querySelector("#map-summary")?.textContent?.includes("2023-04-04"));
  assert.equal(await statesWith(p, "member"), 31);
  assert.equal(await p.getAttribute('path[data-state="FIN"]', "data-status"), "member");
  assert.match(p.url(), /date=2023-04-04/);
  await shot(p, "map-2023-04-04");
  await p.selectOption("#colour-by", "coverage");
  await p.waitForFunction(() => document.querySelector("#map-summary")?.textContent?.includes("grey zone"));
  assert.match(p.url(), /by=coverage/);
  await p.focus('path.state[data-state="POL"]');
  await p.keyboard.press("Enter");
  await p.waitForFunction(() => document.querySelector("#map-info h3")?.textContent?.includes("POL"));
  assert.match(await p.textContent("#map-info"), /North Atlantic Treaty Organization: member/);
  await shot(p, "map-coverage");
  await p.context().close();
});

test("map at a phone's width, reached by keyboard", { skip }, async () => {
  const p = await page("?view=map&date=2023-04-04", { width: 390, height: 844 });
  await p.waitForSelector("svg.map path.state");
  await p.keyboard.press("Tab");
  await p.keyboard.press("Tab");
  const focused = await p.evaluate(() => document.activeElement?.textContent);
  assert.ok(focused, "the navigation is reachable by keyboard");
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling at 390px (overflow ${overflow})`);
  await shot(p, "map-phone");
  await p.context().close();
});

test("what if: RUS attacks POL lists 31 allies under Article 5", { skip }, async () => {
  const p = await page("?view=whatif");
  await p.fill("#event", "RUS attacks POL");
  await p.click('#whatif-form button[type="submit"]');
  const art5 = '.obligation[data-agreement="north_atlantic_treaty"][data-clause="art5"]';
  await p.waitForSelector(art5);
  assert.equal(await p.getAttribute(art5, "data-bearers"), "31");
  assert.equal((await p.$$(`${art5} .bearers .tag`)).length, 31);
  assert.match(await p.textContent(`${art5} .summary`), /^31 parties must act/);
  assert.match(await p.textContent(art5), /Article 5/);
  assert.match(p.url(), /event=RUS\+attacks\+POL/);
  await shot(p, "whatif");
  await p.context().close();
});

test("a page is linkable: the URL alone gives the view and its question", { skip }, async () => {
  const p = await page("?view=whatif&event=RUS+attacks+EST&kind=hybrid_attack");
  await p.waitForSelector(".obligation");
  assert.equal(await p.inputValue("#kind"), "hybrid_attack");
  assert.match(await p.textContent("#whatif-out"), /Article 4/);
  await p.context().close();
});

test("commitments graph: a node per state, a state's commitments with sources", { skip }, async () => {
  const p = await page("?view=graph");
  await p.waitForSelector(".cy canvas");
  await p.waitForFunction(() => Number(document.querySelector(".cy")?.getAttribute("data-nodes")) > 60);
  await p.selectOption("#graph-state", "UKR");
  await p.waitForSelector("#graph-info .commitment");
  assert.match(await p.textContent("#graph-info"), /Source:/);
  await p.screenshot({ path: join(shots, "graph.png") });
  await p.context().close();
});

test("decisions and power: one objection blocks NATO consensus; power as bars; a replay", { skip }, async () => {
  const p = await page("?view=decide");
  await p.waitForSelector('#votes select[data-member="HUN"]');
  await p.selectOption("#decision", "consensus");
  await p.selectOption('#votes select[data-member="HUN"]', "no");
  await p.click("#decide-btn");
  await p.waitForSelector("#verdict-text");
  assert.match(await p.textContent("#verdict-text"), /FAIL/);
  assert.match(await p.textContent("#verdict"), /Veto players: HUN/);
  await p.selectOption("#institution", "eu_council");
  await p.selectOption("#decision", "qmv");
  await p.click("#power-btn");
  await p.waitForSelector("#power svg.bars");
  assert.equal((await p.$$('#power svg.bars:first-of-type g[data-label]')).length, 27);
  await p.click("#replay-btn");
  await p.waitForSelector("#replay .timeline li");
  assert.match(await p.textContent("#replay"), /2023-04-04/);
  await shot(p, "decide");
  await p.context().close();
});

test("settlement and forecast", { skip }, async () => {
  const p = await page("?view=settlement");
  await p.waitForSelector("#settlement-summary");
  assert.match(await p.textContent("#settlement-summary"), /packages/);
  assert.match(await p.textContent("#settlement-out"), /red lines/);
  await shot(p, "settlement");
  await p.click('nav a[data-view="forecast"]');
  await p.waitForSelector("#forecast-out svg polyline", { state: "attached" });
  assert.match(p.url(), /view=forecast/);
  await shot(p, "forecast");
  await p.context().close();
});

test("compare: status_quo against every architecture by default", { skip }, async () => {
  const p = await page("?view=compare");
  await p.waitForSelector("#compare-out .compare-summary");
  const archs = await p.$$eval("#compare-out .compare-summary tbody tr", (es) => es.map((e) => e.getAttribute("data-architecture")));
  assert.equal(archs[0], "status_quo");
  assert.ok(archs.includes("ukraine_in_nato") && archs.length >= 3, `architectures: ${archs}`);
  // Who must act: the scenario's standard incidents, one row each.
  assert.match(await p.textContent("#compare-out"), /Russia attacks Poland/);
  await shot(p, "compare");
  await p.context().close();
});

test("compare: the table and the map change together", { skip }, async () => {
  const p = await page("?view=compare&archs=status_quo,ukraine_in_nato");
  await p.waitForSelector("#compare-out .compare-summary");
  assert.match(await p.textContent("#compare-out .compare-summary"), /ukraine_in_nato/);
  assert.match(await p.textContent("#compare-out .map-slot .summary"), /Map: status_quo/);
  // Ukraine is in the grey zone as things are, and covered as a NATO member.
  const ukr = '#compare-out svg.map path[data-state="UKR"]';
  assert.equal(await p.getAttribute(ukr, "data-status"), "grey_zone");
  const cells = await p.$$eval('#compare-out tbody tr[data-state="UKR"] td', (es) => es.map((e) => e.textContent));
  assert.equal(cells[0], "grey zone");
  assert.notEqual(cells[1], "grey zone");
  await p.click('#compare-out thead button:text("ukraine_in_nato")');
  await p.waitForFunction(() => document.querySelector("#compare-out .map-slot .summary")?.textContent?.includes("ukraine_in_nato"));
  assert.equal(await p.getAttribute('#compare-out thead button:text("ukraine_in_nato")', "aria-pressed"), "true");
  assert.notEqual(await p.getAttribute(ukr, "data-status"), "grey_zone");
  await p.click('#compare-out tbody tr[data-state="POL"]');
  await p.waitForSelector('#compare-out tr.picked[data-state="POL"]');
  assert.equal(await p.getAttribute('#compare-out svg.map path[data-state="POL"]', "fill"), "#222");
  await shot(p, "compare-two");
  await p.context().close();
});

test("the architecture selector asks every question about that world", { skip }, async () => {
  const p = await page("?view=map&by=coverage&arch=ukraine_in_nato");
  await p.waitForFunction(() => document.querySelector("#map-summary")?.textContent?.includes("grey zone"));
  assert.notEqual(await p.getAttribute('path.state[data-state="UKR"]', "data-status"), "grey");
  await shot(p, "map-ukraine-in-nato");
  await p.click('nav a[data-view="whatif"]');
  await p.fill("#event", "RUS attacks UKR");
  await p.click('#whatif-form button[type="submit"]');
  const art5 = '.obligation[data-agreement="north_atlantic_treaty"][data-clause="art5"]';
  await p.waitForSelector(art5);
  assert.match(p.url(), /arch=ukraine_in_nato/);
  // The architectures are offered in the selector.
  await p.focus("#architecture");
  await p.waitForSelector('#architectures option[value="ukraine_in_nato"]', { state: "attached" });
  await p.context().close();
});

test("editor: an upload with an error shows the located diagnostic", { skip }, async () => {
  const p = await page("?view=editor");
  await p.waitForSelector(".cm-content");
  await p.waitForFunction(() => document.querySelector("#editor-status")?.textContent?.includes("No problems"));
  await p.evaluate((text) => {
    const v = window.__ententeEditor;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }, UNKNOWN_ID);
  await p.waitForSelector("#editor-diagnostics .diag.error");
  const d = await p.textContent("#editor-diagnostics .diag.error");
  assert.match(d, /scenario\.toml:14:57/);
  assert.match(d, /unknown actor `DEV`/);
  assert.match(d, /did you mean `DEU`\?/);
  await p.waitForSelector(".cm-lintRange-error");
  assert.equal(await p.textContent(".cm-lintRange-error"), "DEV");
  assert.equal(await p.isDisabled("#use-scenario"), true);
  await shot(p, "editor-error");
  await p.context().close();
});

test("editor: a clean scenario is used by every view (?scenario=ID)", { skip }, async () => {
  const p = await page("?view=editor");
  await p.waitForFunction(() => document.querySelector("#editor-status")?.textContent?.includes("No problems"));
  await p.waitForFunction(() => !document.querySelector("#use-scenario")?.disabled);
  await p.click("#use-scenario");
  assert.match(p.url(), /scenario=/);
  const asked = p.waitForRequest((r) => r.url().includes("/api/show?scenario="));
  await p.click('nav a[data-view="map"]');
  await asked;
  assert.match(await p.textContent("#scenario-badge"), /uploaded scenario/);
  await p.context().close();
});

test("every view fits a phone's width", { skip }, async () => {
  for (const view of ["map", "graph", "whatif", "decide", "settlement", "forecast", "compare", "editor"]) {
    const p = await page(`?view=${view}`, { width: 390, height: 844 });
    await p.waitForLoadState("networkidle");
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${view}: sideways scrolling at 390px (overflow ${overflow})`);
    await p.screenshot({ path: join(shots, `phone-${view}.png`) });
    await p.context().close();
  }
});

test("no error in the browser's console (a CSP violation would be one)", { skip }, async () => {
  assert.deepEqual(consoleErrors, []);
});

test("no request leaves the page's origin", { skip }, async () => {
  const origin = new URL(base).origin;
  assert.ok(requests.length > 10, `requests seen: ${requests.length}`);
  const outside = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("data:") && !u.startsWith("blob:"));
  assert.deepEqual(outside, []);
});
