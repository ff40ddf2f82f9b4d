//! The Commitments view: who guarantees whom as of the date, drawn with cytoscape. A commitment
//! with few guarantors is an arrow from each guarantor to the state it covers; a pact with many
//! parties (an alliance's mutual defence clause) is a hub that its covered states hang on, so the
//! picture stays readable. Edges are styled by strength (width) and legal form (colour and dash);
//! clicking a state lists its commitments, strongest first, with their sources.
import cytoscape from "cytoscape";
import { api } from "../api";
import { el, fill } from "../ui";
import { coverageClass, COVERAGE_COLOURS } from "./map";
import type { View } from "./types";

const STRENGTH_WIDTH: Record<string, number> = {
  automatic: 5,
  as_deemed_necessary: 4,
  assist: 3,
  guarantee: 4,
  consult: 1.5,
};
const FORM_COLOUR: Record<string, string> = {
  treaty: "#1f5fa8",
  executive_agreement: "#2e933c",
  political: "#edae49",
  political_declaration: "#edae49",
  memorandum: "#7b4fa0",
  verbal_assurance: "#999",
};
const HUB_THRESHOLD = 4;

export const graphView: View = {
  id: "graph",
  title: "Commitments",
  mount(root, ctx, onDate) {
    const slot = el("div", { class: "graph-slot" });
    const info = el("aside", { class: "info", id: "graph-info", "aria-live": "polite" }, el("p", { class: "muted", text: "Choose a state (click it, or pick it from the list) to see its commitments with their sources." }));
    const picker = el("select", { id: "graph-state", "aria-label": "State" });
    const legend = el(
      "div",
      { class: "legend" },
      el("h3", { text: "Edges" }),
      el("p", { text: "Width: strength (automatic, as deemed necessary, assist, consult). Colour: legal form." }),
      el("ul", {}, ...Object.entries(FORM_COLOUR).map(([f, c]) => el("li", {}, el("span", { class: "swatch", style: `background:${c}` }), f.replace(/_/g, " ")))),
    );
    root.append(el("h2", { text: "Who is committed to whom" }), el("div", { class: "controls" }, el("label", {}, "State ", picker)), el("div", { class: "graph-layout" }, slot, el("div", {}, info, legend)));
    let cy: cytoscape.Core | null = null;
    let cov: any = null;
    const showState = (id: string) => {
      const s = (cov?.states ?? []).find((x: any) => x.state === id);
      if (!s) return;
      picker.value = id;
      ctx.setParam("state", id);
      const items = (s.commitments ?? []).map((c: any) =>
        el(
          "li",
          { class: "commitment" },
          el("strong", { text: `${c.agreement_name ?? c.agreement}` }),
          ` — ${c.clause ?? c.obligation} · ${c.kind} · ${c.strength} · ${c.legal_form} · ${c.status}`,
          c.guarantors?.length ? el("div", { class: "muted", text: `by ${c.guarantors.join(" ")} (${c.guarantors.length})` }) : null,
          c.source ? el("div", { class: "source", text: `Source: ${c.source}` }) : null,
        ),
      );
      info.replaceChildren(...([
        el("h3", { text: `${s.name} (${id})` }),
        s.grey_zone ? el("p", { class: "warn", text: "In the grey zone: no binding defence commitment." }) : null,
        items.length ? el("ol", { class: "commitments" }, ...items) : el("p", { text: "No commitment covers this state." }),
      ] as (HTMLElement | null)[]).filter((x): x is HTMLElement => !!x));
      cy?.elements().removeClass("picked");
      cy?.getElementById(id).addClass("picked");
    };
    picker.addEventListener("change", () => showState(picker.value));
    const load = () =>
      fill(slot, "coverage", async () => {
        cov = await api.coverage(ctx);
        ctx.shownDate(cov.date);
        const box = el("div", { class: "cy", role: "img", "aria-label": `Commitments graph as of ${cov.date}` });
        const nodes: cytoscape.ElementDefinition[] = [];
        const edges: cytoscape.ElementDefinition[] = [];
        const hubs = new Set<string>();
        for (const s of cov.states ?? []) {
          nodes.push({ data: { id: s.state, label: s.state, colour: COVERAGE_COLOURS[coverageClass(s)] }, classes: "state" });
        }
        const ids = new Set((cov.states ?? []).map((s: any) => s.state));
        for (const s of cov.states ?? []) {
          for (const c of s.commitments ?? []) {
            const g: string[] = (c.guarantors ?? []).filter((x: string) => ids.has(x));
            const width = STRENGTH_WIDTH[c.strength] ?? 2;
            const colour = FORM_COLOUR[c.legal_form] ?? "#555";
            const dashed = c.status !== "in_force" ? "dashed" : "solid";
            if (g.length > HUB_THRESHOLD) {
              const hub = `hub:${c.agreement}:${c.clause ?? c.obligation}`;
              if (!hubs.has(hub)) {
                hubs.add(hub);
                nodes.push({ data: { id: hub, label: `${c.agreement_name ?? c.agreement} ${c.clause ?? ""}`.trim(), colour: "#fff" }, classes: "hub" });
              }
              edges.push({ data: { id: `${hub}->${s.state}`, source: hub, target: s.state, width, colour, dashed } });
            } else {
              for (const x of g) edges.push({ data: { id: `${x}->${s.state}:${c.agreement}:${c.obligation}`, source: x, target: s.state, width, colour, dashed }, classes: "direct" });
            }
          }
        }
        picker.replaceChildren(el("option", { value: "", text: "—" }), ...(cov.states ?? []).map((s: any) => el("option", { value: s.state, text: `${s.state} ${s.name}` })));
        setTimeout(() => {
          cy?.destroy();
          cy = cytoscape({
            container: box,
            elements: [...nodes, ...edges],
            layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 60000, idealEdgeLength: () => 90, edgeElasticity: () => 60, gravity: 0.6, numIter: 2500, nodeOverlap: 40, componentSpacing: 50 } as any,
            style: [
              { selector: "node.state", style: { label: "data(label)", "background-color": "data(colour)", "font-size": 9, width: 16, height: 16, "text-valign": "center", color: "#111", "text-outline-color": "#fff", "text-outline-width": 1.5 } },
              { selector: "node.hub", style: { label: "data(label)", "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": "1px", shape: "round-rectangle", "background-color": "#fff", "border-width": 2, "border-color": "#1f5fa8", width: 24, height: 24, "font-size": 10, "text-valign": "bottom", "text-wrap": "wrap", "text-max-width": "120px" } },
              { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "line-style": "data(dashed)" as any, opacity: 0.55, "curve-style": "haystack" } },
              { selector: "edge.direct", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "target-arrow-color": "data(colour)", opacity: 0.85 } },
              { selector: "node.picked", style: { "border-width": 3, "border-color": "#d1495b", width: 22, height: 22 } },
            ],
          });
          cy.on("tap", "node.state", (e) => showState(e.target.id()));
          box.dataset.nodes = String(cy.nodes(".state").length);
          box.dataset.edges = String(cy.edges().length);
          const pre = ctx.param("state");
          if (pre) showState(pre);
        }, 0);
        return [box, el("p", { class: "muted", text: `${nodes.length - hubs.size} states, ${hubs.size} pacts drawn as hubs, ${edges.length} edges, as of ${cov.date}. Dashed: not (yet) in force.` })];
      });
    onDate(load);
    load();
    return () => cy?.destroy();
  },
};
