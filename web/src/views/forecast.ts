//! The Forecast view: how the actors' positions move round by round in the scenario's forecasting
//! model, one line per actor on a chosen issue dimension, with the forecast (the most probable
//! outcome) marked at the end.
import { api } from "../api";
import { el, fill, axes, svg, PALETTE } from "../ui";
import type { View } from "./types";

export const forecastView: View = {
  id: "forecast",
  title: "Forecast",
  mount(root, ctx) {
    const out = el("div", { id: "forecast-out" });
    root.append(el("h2", { text: "Forecast: positions round by round" }), out);
    fill(out, "forecast", async () => {
      const a = await api.forecast(ctx);
      const dims: string[] = a.dimensions ?? [];
      const actors: string[] = a.actors ?? [];
      const turns: any[] = a.turns ?? [];
      const dimSel = el("select", { id: "dimension", "aria-label": "Issue dimension" }, ...dims.map((d, i) => el("option", { value: i, text: d })));
      const chart = el("div", { class: "chart-slot" });
      const legend = el("ul", { class: "legend inline" }, ...actors.map((x, k) => el("li", {}, el("span", { class: "swatch", style: `background:${PALETTE[k % PALETTE.length]}` }), x)));
      const draw = () => {
        const d = Number(dimSel.value);
        const vals = turns.flatMap((t) => actors.map((x) => t.positions?.[x]?.[d] ?? 0));
        const lo = Math.min(0, ...vals);
        const hi = Math.max(100, ...vals);
        const { root: s, sx, sy } = axes([0, Math.max(1, turns.length - 1)], [lo, hi], "turn", dims[d] ?? "position", `Positions on ${dims[d]} by turn`);
        actors.forEach((x, k) => {
          const pts = turns.map((t, i) => `${sx(t.turn ?? i).toFixed(1)},${sy(t.positions?.[x]?.[d] ?? 0).toFixed(1)}`);
          const line = svg("polyline", { points: pts.join(" "), fill: "none", stroke: PALETTE[k % PALETTE.length], "stroke-width": 2, "data-actor": x });
          line.append(svg("title", { text: x }));
          s.append(line);
        });
        const mp = a.final?.most_probable?.[d];
        if (mp != null) {
          const y = sy(mp);
          s.append(svg("line", { x1: sx(0), x2: sx(Math.max(1, turns.length - 1)), y1: y, y2: y, class: "forecast-line" }));
          s.append(svg("text", { x: sx(0) + 4, y: y - 4, class: "axis", text: `forecast ${Number(mp).toFixed(1)}` }));
        }
        chart.replaceChildren(s);
      };
      dimSel.addEventListener("change", draw);
      draw();
      return [
        el("p", { class: "summary", text: `${a.model} model · ${actors.length} actors · ${dims.length} dimensions · ${turns.length} turns` }),
        el("div", { class: "controls" }, el("label", {}, "Dimension ", dimSel)),
        chart,
        legend,
      ];
    });
  },
};
