//! The Compare view: two or more architectures (worlds that might be) side by side, from the
//! `compare` answer: for each architecture its grey zone, its coverage and the red lines that
//! collide. A table with one column per architecture and a map of the chosen architecture change
//! together: choosing a column recolours the map, choosing a state marks it in both. A server
//! without the `compare` question is said to lack it, plainly.
import { api } from "../api";
import { el, fill, errorBox } from "../ui";
import { drawMap, coverageClass, COVERAGE_COLOURS } from "./map";
import type { View } from "./types";

/** Accept `by_architecture` as a list of entries or as a map keyed by architecture id. */
function entries(a: any): { id: string; v: any }[] {
  const b = a.by_architecture ?? {};
  if (Array.isArray(b)) return b.map((v: any, i: number) => ({ id: String(v.architecture ?? v.id ?? a.architectures?.[i] ?? i), v }));
  return Object.entries(b).map(([id, v]) => ({ id, v }));
}
function ids(x: any): string[] {
  if (!x) return [];
  const list = Array.isArray(x) ? x : (x.states ?? []);
  return list.map((s: any) => (typeof s === "string" ? s : (s.state ?? s.id)));
}

export const compareView: View = {
  id: "compare",
  title: "Compare",
  mount(root, ctx) {
    const input = el("input", { id: "architectures-input", value: ctx.param("archs") || "current", size: 40, "aria-describedby": "arch-help" });
    const form = el("form", { class: "controls" }, el("label", {}, "Architectures ", input), el("button", { type: "submit", text: "Compare" }));
    const help = el("p", { id: "arch-help", class: "muted", text: "Comma-separated ids of the scenario's [architecture.ID] sections, or package:SETTLEMENT:SOLUTION; “current” is the world as it is." });
    const out = el("div", { id: "compare-out" });
    root.append(el("h2", { text: "Compare architectures" }), form, help, out);
    const run = () => {
      const archs = input.value.split(",").map((s) => s.trim()).filter(Boolean);
      ctx.setParam("archs", input.value);
      fill(out, "compare", async () => {
        let a: any;
        try {
          a = await api.compare(ctx, archs);
        } catch (e) {
          return errorBox(e, "compare");
        }
        const es = entries(a);
        const known = document.getElementById("architectures");
        if (known) known.replaceChildren(...es.filter(({ id }) => id !== "current").map(({ id }) => el("option", { value: id })));
        const covBy = new Map<string, Map<string, any>>();
        const names = new Map<string, string>();
        for (const { id, v } of es) {
          const m = new Map<string, any>();
          const list = Array.isArray(v.coverage) ? v.coverage : (v.coverage?.states ?? []);
          for (const s of list) {
            m.set(s.state, s);
            names.set(s.state, s.name ?? s.state);
          }
          for (const g of ids(v.grey_zone)) {
            if (!m.has(g)) m.set(g, { state: g, grey_zone: true });
            names.set(g, names.get(g) ?? g);
          }
          covBy.set(id, m);
        }
        const states = [...names].map(([id, name]) => ({ id, name })).sort((x, y) => x.id.localeCompare(y.id));
        const mapSlot = el("div", { class: "map-slot" });
        let chosen = es[0]?.id ?? "";
        let picked = "";
        const drawFor = () => {
          const m = covBy.get(chosen) ?? new Map();
          mapSlot.replaceChildren(
            el("p", { class: "summary", text: `Map: ${chosen}` }),
            drawMap(states, (id) => {
              const k = coverageClass(m.get(id) ?? {});
              return { fill: id === picked ? "#222" : COVERAGE_COLOURS[k], status: k, text: k };
            }, `Coverage under ${chosen}`, (id) => {
              picked = id;
              highlight();
              drawFor();
            }),
          );
        };
        const head = el("tr", {}, el("th", { scope: "col", text: "state" }), ...es.map(({ id }) => {
          const b = el("button", { type: "button", class: "linkish", text: id, "aria-pressed": String(id === chosen) });
          b.addEventListener("click", () => {
            chosen = id;
            head.querySelectorAll("button").forEach((x) => x.setAttribute("aria-pressed", String(x.textContent === id)));
            drawFor();
          });
          return el("th", { scope: "col" }, b);
        }));
        const rows = states.map((s) => {
          const tr = el("tr", { "data-state": s.id }, el("th", { scope: "row", text: `${s.id} ${s.name}` }), ...es.map(({ id }) => {
            const k = coverageClass(covBy.get(id)?.get(s.id) ?? {});
            return el("td", {}, el("span", { class: "swatch", style: `background:${COVERAGE_COLOURS[k]}` }), k);
          }));
          tr.addEventListener("click", () => {
            picked = s.id;
            highlight();
            drawFor();
          });
          return tr;
        });
        const highlight = () => rows.forEach((r) => r.classList.toggle("picked", r.dataset.state === picked));
        const summary = el(
          "table",
          { class: "compare-summary" },
          el("thead", {}, el("tr", {}, el("th", { text: "architecture" }), el("th", { text: "grey zone" }), el("th", { text: "red lines colliding" }))),
          el("tbody", {}, ...es.map(({ id, v }) => el("tr", {}, el("th", { scope: "row", text: id }), el("td", { text: `${ids(v.grey_zone).length}: ${ids(v.grey_zone).join(" ")}` }), el("td", { text: (v.red_lines ?? []).map((r: any) => (typeof r === "string" ? r : `${r.party ?? ""} ${r.id ?? r.red_line ?? ""}`.trim())).join("; ") || "none" })))),
        );
        drawFor();
        return [summary, el("div", { class: "compare-layout" }, mapSlot, el("div", { class: "table-wrap" }, el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows))))];
      });
    };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      run();
    });
    run();
  },
};
