//! The Compare view: architectures (worlds that might be) side by side, from the `compare`
//! answer: for each its changes to the scenario, grey zone, each state's strongest coverage, who
//! must act in the scenario's standard incidents, the red lines that collide and the ceasefires.
//! The coverage table (one column per architecture) and a map of the chosen architecture change
//! together: choosing a column recolours the map, choosing a state marks it in both. With no ids
//! given the server compares `status_quo` (the scenario as it is) with every architecture. A
//! server without the `compare` question is said to lack it, plainly.
import { api } from "../api";
import { el, fill, errorBox, table } from "../ui";
import { drawMap, COVERAGE_COLOURS } from "./map";
import type { View } from "./types";

const words = (x: unknown) => String(x ?? "").replace(/_/g, " ");

/** A state's class under one architecture: grey zone, not covered, or its strongest commitment. */
function coverageOf(v: any, state: string): string {
  if ((v.grey_zone ?? []).includes(state)) return "grey zone";
  const s = v.coverage?.[state];
  return !s || s === "none" ? "none" : words(s);
}
const STRENGTH_COLOURS = [COVERAGE_COLOURS.binding, COVERAGE_COLOURS.other, "#81b29a", "#7b4fa0", "#00798c"];

/** One line saying what an architecture changes. */
function change(c: any): string {
  const what = c.agreement ?? c.institution ?? c.action ?? c.state ?? "";
  const rest = Object.entries(c)
    .filter(([k]) => !["change", "basis", "agreement", "institution", "action", "state"].includes(k))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(" ") : v}`)
    .join(", ");
  const basis = c.basis ? ` (from ${c.basis.date}${c.basis.assumption ? ", an assumption" : ""}${c.basis.source ? `; ${c.basis.source}` : ""})` : "";
  return `${words(c.change)} ${what}${rest ? ` — ${rest}` : ""}${basis}`;
}

function redLine(r: any): string {
  if (typeof r === "string") return r;
  return [r.party, r.id ?? r.red_line, r.text ?? r.description].filter(Boolean).join(" ") || JSON.stringify(r);
}

export const compareView: View = {
  id: "compare",
  title: "Compare",
  mount(root, ctx, onDate) {
    const input = el("input", { id: "architectures-input", value: ctx.param("archs"), placeholder: "all (status_quo and every architecture)", size: 40, "aria-describedby": "arch-help" });
    const form = el("form", { class: "controls" }, el("label", {}, "Architectures ", input), el("button", { type: "submit", text: "Compare" }));
    const help = el("p", { id: "arch-help", class: "muted", text: "Comma-separated ids of the scenario's [architecture.ID] sections; “status_quo” is the scenario as it is. Empty compares them all." });
    const out = el("div", { id: "compare-out" });
    root.append(el("h2", { text: "Compare architectures" }), form, help, out);
    const run = () => {
      const archs = input.value.split(",").map((s) => s.trim()).filter(Boolean);
      ctx.setParam("archs", input.value.trim());
      fill(out, "compare", async () => {
        let a: any;
        let names = new Map<string, string>();
        try {
          const [cmp, cov] = await Promise.all([api.compare(ctx, archs), api.coverage({ date: ctx.date }).catch(() => null)]);
          a = cmp;
          for (const s of cov?.states ?? []) names.set(s.state, s.name ?? s.state);
        } catch (e) {
          return errorBox(e, "compare");
        }
        const ids: string[] = a.architectures ?? Object.keys(a.by_architecture ?? {});
        const by = (id: string) => a.by_architecture?.[id] ?? {};
        const known = document.getElementById("architectures");
        if (known) known.replaceChildren(...ids.filter((id) => id !== "status_quo").map((id) => el("option", { value: id, label: by(id).name ?? id })));
        const stateIds = new Set<string>();
        for (const id of ids) for (const s of Object.keys(by(id).coverage ?? {})) stateIds.add(s);
        const states = [...stateIds].sort().map((id) => ({ id, name: names.get(id) ?? id }));
        // One colour per strength, in the order strengths first appear.
        const classes: string[] = [];
        for (const id of ids) for (const s of states) { const k = coverageOf(by(id), s.id); if (!classes.includes(k)) classes.push(k); }
        const strengths = classes.filter((k) => k !== "grey zone" && k !== "none").sort();
        const colour = (k: string) => (k === "grey zone" ? COVERAGE_COLOURS.grey : k === "none" ? COVERAGE_COLOURS.none : STRENGTH_COLOURS[strengths.indexOf(k) % STRENGTH_COLOURS.length]);
        const legend = el("p", { class: "legend" }, ...[...strengths, "grey zone", "none"].map((k) => el("span", {}, el("span", { class: "swatch", style: `background:${colour(k)}` }), `${k} `)));

        const mapSlot = el("div", { class: "map-slot" });
        let chosen = ids[0] ?? "";
        let picked = "";
        const drawFor = () => {
          const v = by(chosen);
          mapSlot.replaceChildren(
            el("p", { class: "summary", text: `Map: ${chosen} — ${v.name ?? ""} (as of ${v.date ?? "?"})` }),
            drawMap(states, (id) => {
              const k = coverageOf(v, id);
              return { fill: id === picked ? "#222" : colour(k), status: k.replace(/ /g, "_"), text: k };
            }, `Coverage under ${chosen}`, (id) => {
              picked = id;
              highlight();
              drawFor();
            }),
            legend,
          );
        };
        const head = el("tr", {}, el("th", { scope: "col", text: "state" }), ...ids.map((id) => {
          const b = el("button", { type: "button", class: "linkish", text: id, title: by(id).name ?? id, "aria-pressed": String(id === chosen) });
          b.addEventListener("click", () => {
            chosen = id;
            head.querySelectorAll("button").forEach((x) => x.setAttribute("aria-pressed", String(x.textContent === id)));
            drawFor();
          });
          return el("th", { scope: "col" }, b);
        }));
        const rows = states.map((s) => {
          const tr = el("tr", { "data-state": s.id }, el("th", { scope: "row", text: `${s.id} ${s.name === s.id ? "" : s.name}`.trim() }), ...ids.map((id) => {
            const k = coverageOf(by(id), s.id);
            const differs = k !== coverageOf(by(ids[0]), s.id);
            return el("td", { class: differs ? "differs" : "" }, el("span", { class: "swatch", style: `background:${colour(k)}` }), k);
          }));
          tr.addEventListener("click", () => {
            picked = s.id;
            highlight();
            drawFor();
          });
          return tr;
        });
        const highlight = () => rows.forEach((r) => r.classList.toggle("picked", r.dataset.state === picked));
        // With many states alike in every architecture, the differences are easier to see alone.
        const onlyDiff = el("input", { type: "checkbox", id: "compare-only-differs" });
        const differing = rows.filter((r) => r.querySelector("td.differs")).length;
        onlyDiff.addEventListener("change", () => rows.forEach((r) => (r.hidden = onlyDiff.checked && !r.querySelector("td.differs"))));

        const summary = el(
          "table",
          { class: "compare-summary" },
          el("thead", {}, el("tr", {}, ...["architecture", "as of", "changes", "grey zone", "red lines colliding", "ceasefires"].map((h) => el("th", { scope: "col", text: h })))),
          el(
            "tbody",
            {},
            ...ids.map((id) => {
              const v = by(id);
              const grey: string[] = v.grey_zone ?? [];
              return el(
                "tr",
                { "data-architecture": id },
                el("th", { scope: "row" }, el("strong", { text: id }), el("br"), v.name ?? "", v.note ? el("p", { class: "muted", text: v.note }) : null),
                el("td", { text: v.date ?? "" }),
                el("td", {}, (v.changes ?? []).length ? el("ul", {}, ...v.changes.map((c: any) => el("li", { text: change(c) }))) : "none"),
                el("td", { text: `${grey.length}: ${grey.join(" ")}` }),
                el("td", { text: (v.red_lines ?? []).map(redLine).join("; ") || "none" }),
                el("td", { text: (v.ceasefires ?? []).map((c: any) => (typeof c === "string" ? c : (c.id ?? c.agreement ?? JSON.stringify(c)))).join("; ") || "none" }),
              );
            }),
          ),
        );
        // Who must act in each standard incident: parties obliged per architecture.
        const labels: string[] = [];
        for (const id of ids) for (const w of by(id).who_must_act ?? []) if (!labels.includes(w.label)) labels.push(w.label);
        const who = table(
          ["incident", ...ids],
          labels.map((l) => [
            l,
            ...ids.map((id) => {
              const w = (by(id).who_must_act ?? []).find((x: any) => x.label === l);
              if (!w) return "";
              const obs = (w.obligations ?? []).map((o: any) => `${o.agreement} (${words(o.strength)}): ${(o.bearers ?? []).length}`).join("\n");
              return el("span", { title: obs }, `${w.parties_obliged}${w.collective_defence ? " ★" : ""}`);
            }),
          ]),
          "Parties obliged in the scenario's standard incidents (★ collective defence engaged); hover for the obligations",
        );
        // Veto players per institution and decision rule.
        const blockKeys: string[] = [];
        for (const id of ids) for (const b of by(id).blocking ?? []) { const k = `${b.institution} ${b.decision}`; if (!blockKeys.includes(k)) blockKeys.push(k); }
        const blocking = table(
          ["institution, decision", ...ids],
          blockKeys.map((k) => [
            k.replace(" ", ", "),
            ...ids.map((id) => {
              const b = (by(id).blocking ?? []).find((x: any) => `${x.institution} ${x.decision}` === k);
              return b ? `${(b.veto_players ?? []).length} of ${b.members}` : "";
            }),
          ]),
          "Veto players of each decision of member states, of its members",
        );
        drawFor();
        return [
          el("div", { class: "table-wrap" }, summary),
          mapSlot,
          el("h3", { text: "Coverage: the strongest defence commitment per state" }),
          el("label", { class: "muted" }, onlyDiff, ` only the ${differing} ${differing === 1 ? "state" : "states"} whose coverage differs from ${ids[0] ?? ""}`),
          el("div", { class: "table-wrap" }, el("table", { class: "compare-coverage" }, el("thead", {}, head), el("tbody", {}, ...rows))),
          el("h3", { text: "Who must act" }),
          who,
          el("h3", { text: "Blocking" }),
          blocking,
        ];
      });
    };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      run();
    });
    onDate(run);
    run();
  },
};
