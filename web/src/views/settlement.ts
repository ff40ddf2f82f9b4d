//! The Settlement view: the scenario's settlement space as the negotiation engine sees it. The
//! Pareto frontier as a scatter of two parties' utilities (any two, chosen), with the disagreement
//! point and the Nash and Kalai–Smorodinsky solutions marked; when no package is acceptable to
//! every party, the red lines that collide and the smallest concessions that would open a deal.
import { api } from "../api";
import { el, fill, axes, svg, table } from "../ui";
import type { View } from "./types";

export const settlementView: View = {
  id: "settlement",
  title: "Settlement",
  mount(root, ctx) {
    const out = el("div", { id: "settlement-out" });
    root.append(el("h2", { text: "Settlement" }), out);
    fill(out, "negotiate", async () => {
      const a = await api.negotiate(ctx);
      const parties: string[] = a.parties ?? [];
      const xs = el("select", { id: "axis-x", "aria-label": "Party on the horizontal axis" }, ...parties.map((p, i) => el("option", { value: i, text: p, selected: i === 0 })));
      const ys = el("select", { id: "axis-y", "aria-label": "Party on the vertical axis" }, ...parties.map((p, i) => el("option", { value: i, text: p, selected: i === 1 })));
      const chart = el("div", { class: "chart-slot" });
      const draw = () => {
        const i = Number(xs.value);
        const j = Number(ys.value);
        const { root: s, sx, sy } = axes([0, 1], [0, 1], `utility of ${parties[i]}`, `utility of ${parties[j]}`, `Pareto frontier: ${parties[i]} against ${parties[j]}`);
        for (const p of a.pareto ?? []) {
          const c = svg("circle", { cx: sx(p.utilities[i]), cy: sy(p.utilities[j]), r: 3.5, class: "pareto" });
          c.append(svg("title", { text: `package ${p.index}: ${p.utilities.map((u: number) => u.toFixed(3)).join(", ")}` }));
          s.append(c);
        }
        const mark = (pt: any, label: string, cls: string) => {
          if (!pt) return;
          const u = Array.isArray(pt) ? pt : pt.utilities;
          s.append(svg("circle", { cx: sx(u[i]), cy: sy(u[j]), r: 6, class: cls }));
          s.append(svg("text", { x: sx(u[i]) + 8, y: sy(u[j]) - 6, class: "axis", text: label }));
        };
        if (!(a.pareto ?? []).length) {
          s.append(svg("text", { x: sx(0.5), y: sy(0.92), "text-anchor": "middle", class: "axis title", text: "No package is acceptable to every party: the frontier is empty" }));
        }
        mark(a.disagreement, "no deal", "disagreement");
        mark(a.nash, "Nash", "nash");
        mark(a.kalai_smorodinsky, "Kalai–Smorodinsky", "ks");
        chart.replaceChildren(s);
      };
      xs.addEventListener("change", draw);
      ys.addEventListener("change", draw);
      draw();
      const nd = a.no_deal;
      const parts: Node[] = [
        el("p", { class: "summary", id: "settlement-summary", text: `${a.space}: ${a.outcomes} packages, ${a.acceptable} acceptable to every party, ${a.pareto_size} on the Pareto frontier.` }),
        el("div", { class: "controls" }, el("label", {}, "Horizontal ", xs), el("label", {}, "Vertical ", ys)),
        chart,
      ];
      if (a.nash) parts.push(el("p", { text: `Nash solution: package ${a.nash.index}` }));
      if (nd) {
        parts.push(
          el("h3", { text: "No deal: the red lines that collide" }),
          table(
            ["party", "red line", "condition", "source"],
            (nd.collision ?? []).map((c: any) => [c.party, c.id, c.condition, c.source ?? ""]),
          ),
          el("h3", { text: "Concessions that would open a deal" }),
          el("ul", {}, ...(nd.concessions ?? []).map((c: any) => el("li", { text: `${(c.parties ?? []).join(", ")} relax ${(c.red_lines ?? []).join(", ")}: opens ${c.opens} packages` }))),
          a.explanation ? el("pre", { class: "explanation", text: a.explanation }) : el("span"),
        );
      }
      return parts;
    });
  },
};
