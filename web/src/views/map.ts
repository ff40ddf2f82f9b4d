//! The Map view: every state of the scenario on a map of Europe as of a date, coloured by its
//! status in one institution (member, applicant, partner, observer, suspended) or by its defence
//! coverage (the strongest commitment it holds, the grey zone). States beyond the frame appear as
//! labelled chips under it, microstates as points; areas a state does not control (Crimea and the
//! other occupied parts of Ukraine, northern Cyprus) are hatched, never given to the occupier.
import { geoAzimuthalEqualArea, geoPath, geoCentroid, geoBounds } from "d3-geo";
import { api } from "../api";
import { geometry, MICROSTATES, OCCUPIED_UKRAINE_APPROX } from "../geo";
import { el, svg, fill, table } from "../ui";
import type { View, Ctx } from "./types";

const W = 960;
const H = 640;

export const STATUS_COLOURS: Record<string, string> = {
  member: "#1f5fa8",
  suspended: "#7b4fa0",
  applicant: "#8fb8e8",
  partner: "#cfe0f3",
  observer: "#e7d7a8",
  opted_out: "#a5a5a5",
  none: "#ffffff",
};
export const COVERAGE_COLOURS: Record<string, string> = {
  nuclear: "#1f5fa8",
  binding: "#5b9bd5",
  other: "#edae49",
  grey: "#d1495b",
  none: "#ffffff",
};
const COVERAGE_TEXT: Record<string, string> = {
  nuclear: "binding defence commitment with a nuclear-armed guarantor",
  binding: "binding defence commitment",
  other: "weaker commitments only",
  grey: "grey zone: no binding defence commitment",
  none: "not covered",
};

export function coverageClass(s: any): string {
  if (s.grey_zone) return "grey";
  const st = s.strongest;
  if (st && st.binding_defence) return s.nuclear_guarantor ? "nuclear" : "binding";
  return st ? "other" : "none";
}

/** Each state's status in an institution, from a `show` answer. */
export function statuses(show: any, inst: string): Map<string, string> {
  const out = new Map<string, string>();
  const i = (show.institutions ?? []).find((x: any) => x.id === inst);
  if (!i) return out;
  const put = (ids: any[] | undefined, status: string) => {
    for (const x of ids ?? []) out.set(typeof x === "string" ? x : (x.id ?? x.actor ?? String(x)), status);
  };
  put(i.partners, "partner");
  put(i.observers, "observer");
  put(i.applicants, "applicant");
  put(i.opted_out, "opted_out");
  put(i.member_ids, "member");
  put(i.suspended, "suspended");
  return out;
}

function daysToDate(d: number) {
  return new Date(d * 86400000).toISOString().slice(0, 10);
}
function dateToDays(s: string) {
  return Math.round(Date.parse(`${s}T00:00:00Z`) / 86400000);
}

/** Draw the map of `states` (alpha-3 ids, names) with a fill and status per state. */
export function drawMap(
  states: { id: string; name: string }[],
  paint: (id: string) => { fill: string; status: string; text: string },
  label: string,
  onPick?: (id: string) => void,
): HTMLElement {
  const geo = geometry();
  const known = new Map(states.map((s) => [s.id, s.name]));
  const frame: any = {
    type: "Feature",
    geometry: { type: "MultiPoint", coordinates: [[-23, 36], [-10, 34.5], [15, 34], [38, 34.5], [50, 37], [58, 48], [58, 66], [30, 71.5], [5, 71.5], [-23, 64]] },
  };
  const projection = geoAzimuthalEqualArea().rotate([-18, -53]).fitExtent([[4, 4], [W - 4, H - 4]], frame);
  const path = geoPath(projection);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "map", role: "group", "aria-label": label });
  const defs = svg("defs");
  defs.append(
    svg(
      "pattern",
      { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      svg("rect", { width: 6, height: 6, fill: "rgba(255,255,255,0.15)" }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#4a1020", "stroke-width": 2.2 }),
    ),
  );
  defs.append(svg("clipPath", { id: "frame" }, svg("rect", { width: W, height: H })));
  root.append(defs);
  root.append(svg("rect", { width: W, height: H, class: "sea" }));
  const land = svg("g", { "clip-path": "url(#frame)" });
  root.append(land);
  const drawn = new Set<string>();
  const beyond: string[] = [];
  const points: string[] = [];
  for (const c of geo.countries) {
    const d = path(c.feature as any);
    if (!d) continue;
    if (!c.id || !known.has(c.id)) {
      land.append(svg("path", { d, class: "context" }));
      continue;
    }
    const p = paint(c.id);
    const name = known.get(c.id)!;
    const shape = svg("path", {
      d,
      class: "state",
      fill: p.fill,
      "data-state": c.id,
      "data-status": p.status,
      tabindex: 0,
      role: "button",
      "aria-label": `${name}: ${p.text}`,
    });
    shape.append(svg("title", { text: `${name} (${c.id}): ${p.text}` }));
    if (onPick) {
      shape.addEventListener("click", () => onPick(c.id));
      shape.addEventListener("keydown", (e) => {
        if ((e as KeyboardEvent).key === "Enter" || (e as KeyboardEvent).key === " ") {
          e.preventDefault();
          onPick(c.id);
        }
      });
    }
    land.append(shape);
    drawn.add(c.id);
    const [[x0, y0], [x1, y1]] = path.bounds(c.feature as any);
    const [cx, cy] = projection(geoCentroid(c.feature as any)) ?? [-1, -1];
    const inside = cx >= 0 && cx <= W && cy >= 0 && cy <= H;
    if (!inside) beyond.push(c.id);
    else if (MICROSTATES.has(c.id) || (x1 - x0) * (y1 - y0) < 12) points.push(c.id);
  }
  // Occupied and uncontrolled areas, hatched over their state's colour.
  const occ = svg("g", { class: "occupied", "clip-path": "url(#frame)" });
  const ukr = geo.countries.find((c) => c.id === "UKR");
  if (ukr) {
    const ukrD = path(ukr.feature as any) ?? "";
    defs.append(svg("clipPath", { id: "ukr-clip" }, svg("path", { d: ukrD })));
    const pts = OCCUPIED_UKRAINE_APPROX.map((ll) => projection(ll)!).filter(Boolean);
    const d = `M${pts.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join("L")}Z`;
    const a = svg("path", { d, class: "occupied-area", fill: "url(#hatch)", "clip-path": "url(#ukr-clip)", "data-occupied": "UKR" });
    a.append(svg("title", { text: "Areas of Ukraine occupied by Russia (Crimea since 2014; the mainland line of contact is approximate, 2025)" }));
    occ.append(a);
  }
  for (const n of geo.notControlled) {
    const d = path(n.feature as any);
    if (!d) continue;
    const a = svg("path", { d, class: "occupied-area", fill: "url(#hatch)", "data-occupied": n.id });
    a.append(svg("title", { text: n.label }));
    occ.append(a);
  }
  root.append(occ);
  const pointLayer = svg("g", { class: "points" });
  for (const id of points) {
    const c = geo.countries.find((x) => x.id === id)!;
    const [cx, cy] = projection(geoCentroid(c.feature as any))!;
    const p = paint(id);
    const dot = svg("circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r: 4, class: "microstate", fill: p.fill, "data-state": id, "data-status": p.status });
    dot.append(svg("title", { text: `${known.get(id)} (${id}): ${p.text}` }));
    pointLayer.append(dot);
  }
  root.append(pointLayer);
  // States with no shape at all (none today, but a scenario may name any state).
  for (const s of states) if (!drawn.has(s.id)) beyond.push(s.id);
  const chips = el(
    "ul",
    { class: "beyond", "aria-label": "States beyond the map's frame or without a shape" },
    ...beyond.map((id) => {
      const p = paint(id);
      const b = el(
        "button",
        { type: "button", class: "chip", "data-state": id, "data-status": p.status, title: `${known.get(id)}: ${p.text}`, "data-shape": drawn.has(id) ? "beyond-frame" : "none" },
        el("span", { class: "swatch", style: `background:${p.fill}` }),
        id,
      );
      if (onPick) b.addEventListener("click", () => onPick(id));
      return el("li", {}, b);
    }),
  );
  void geoBounds;
  return el(
    "figure",
    { class: "map-figure" },
    root,
    beyond.length ? el("figcaption", {}, el("span", { class: "muted", text: "Outside the frame (or mostly): " }), chips) : null,
  );
}

export const mapView: View = {
  id: "map",
  title: "Map",
  mount(root, ctx: Ctx, onDate) {
    const by = ctx.param("by") || "nato";
    const controls = el("div", { class: "controls" });
    const colourSel = el("select", { id: "colour-by", name: "by" });
    const slider = el("input", { type: "range", id: "date-slider", min: dateToDays("1949-04-04"), max: dateToDays("2025-06-30"), step: 1, "aria-label": "Date" });
    const sliderOut = el("output", { for: "date-slider", id: "date-slider-out" });
    controls.append(el("label", {}, "Colour by ", colourSel), el("label", { class: "slider" }, "Date ", slider, sliderOut));
    const summary = el("p", { id: "map-summary", class: "summary", role: "status" });
    const slot = el("div", { class: "map-slot" });
    const legend = el("div", { class: "legend" });
    const info = el("aside", { class: "info", id: "map-info", "aria-live": "polite" }, el("p", { class: "muted", text: "Choose a state (click it, or Tab to it and press Enter) to see its memberships and its strongest commitment." }));
    const list = el("details", { class: "state-list" });
    root.append(el("h2", { text: "Europe as of a date" }), controls, summary, el("div", { class: "map-layout" }, slot, el("div", {}, legend, info)), list);

    let show: any = null;
    let cov: any = null;
    let seq = 0;
    const render = () => {
      if (!show || !cov) return;
      const mode = colourSel.value || by;
      const states = (cov.states ?? []).map((s: any) => ({ id: s.state, name: s.name }));
      const covById = new Map<string, any>((cov.states ?? []).map((s: any) => [s.state, s]));
      let paint: (id: string) => { fill: string; status: string; text: string };
      let legendItems: [string, string][];
      const inst = (show.institutions ?? []).find((i: any) => i.id === mode);
      if (mode === "coverage") {
        paint = (id) => {
          const k = coverageClass(covById.get(id) ?? {});
          return { fill: COVERAGE_COLOURS[k], status: k, text: COVERAGE_TEXT[k] };
        };
        legendItems = Object.keys(COVERAGE_TEXT).map((k) => [COVERAGE_COLOURS[k], COVERAGE_TEXT[k]]);
        const grey = states.filter((s: any) => coverageClass(covById.get(s.id) ?? {}) === "grey").length;
        summary.textContent = `Coverage as of ${cov.date}: ${grey} states in the grey zone, of ${states.length}`;
      } else {
        const st = statuses(show, mode);
        const name = inst?.name ?? mode;
        paint = (id) => {
          const s = st.get(id) ?? "none";
          return { fill: STATUS_COLOURS[s], status: s === "none" ? "none" : s, text: s === "none" ? `not in ${name}` : `${name}: ${s.replace("_", " ")}` };
        };
        const present = new Set(states.map((s: any) => s.id));
        const coloured = [...st].filter(([id, s]) => s === "member" && present.has(id)).length;
        legendItems = ["member", "suspended", "applicant", "partner", "observer", "opted_out", "none"].map((s) => [STATUS_COLOURS[s], s === "none" ? "not involved" : s.replace("_", " ")]);
        summary.textContent = `${name} as of ${show.as_of}: ${coloured} members coloured`;
        summary.dataset.members = String(coloured);
      }
      const pick = (id: string) => {
        const c = covById.get(id);
        const lines = (show.institutions ?? [])
          .map((i: any) => [i, statuses(show, i.id).get(id)])
          .filter(([, s]: any) => s)
          .map(([i, s]: any) => el("li", { text: `${i.name}: ${s.replace("_", " ")}` }));
        const st = c?.strongest;
        info.replaceChildren(...([
          el("h3", { text: `${c?.name ?? id} (${id})` }),
          el("ul", {}, ...lines),
          el("p", { text: st ? `Strongest commitment: ${st.agreement_name}, ${st.clause} (${st.strength}, ${st.legal_form})` : "No commitment covers it." }),
          st?.source ? el("p", { class: "source", text: `Source: ${st.source}` }) : null,
          c?.grey_zone ? el("p", { class: "warn", text: "In the grey zone." }) : null,
        ] as (HTMLElement | null)[]).filter((x): x is HTMLElement => !!x));
      };
      slot.replaceChildren(drawMap(states, paint, `Map coloured by ${mode} as of ${show.as_of}`, pick));
      legend.replaceChildren(
        el("h3", { text: mode === "coverage" ? "Coverage" : inst?.name ?? mode }),
        el("ul", {}, ...legendItems.map(([c, t]) => el("li", {}, el("span", { class: "swatch", style: `background:${c}` }), t))),
        el("p", { class: "muted" }, el("span", { class: "swatch hatch" }), "occupied or not under its government's control (the mainland line in Ukraine is approximate)"),
      );
      list.replaceChildren(
        el("summary", { text: `All ${states.length} states as a table` }),
        table(
          ["state", "name", "status"],
          states.map((s: any) => [s.id, s.name, paint(s.id).text]),
        ),
      );
    };
    const load = () => {
      const my = ++seq;
      fill(slot, "the map", async () => {
        const [s, c] = await Promise.all([api.show(ctx), api.coverage(ctx)]);
        if (my !== seq) return slot.firstChild ?? el("span");
        show = s;
        cov = c;
        ctx.shownDate(s.as_of);
        const max = dateToDays(s.as_of) > Number(slider.max) ? dateToDays(s.as_of) : Number(slider.max);
        slider.max = String(max);
        slider.value = String(dateToDays(s.as_of));
        sliderOut.textContent = s.as_of;
        const opts: [string, string][] = (s.institutions ?? []).map((i: any) => [i.id, i.name]);
        opts.push(["coverage", "Coverage (strongest commitment, grey zone)"]);
        const cur = colourSel.value || by;
        colourSel.replaceChildren(...opts.map(([v, t]) => el("option", { value: v, text: t, selected: v === cur })));
        render();
        return slot.firstChild ?? el("span");
      });
    };
    colourSel.addEventListener("change", () => {
      ctx.setParam("by", colourSel.value);
      render();
    });
    slider.addEventListener("input", () => (sliderOut.textContent = daysToDate(Number(slider.value))));
    let timer: number | undefined;
    slider.addEventListener("change", () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => ctx.setDate(daysToDate(Number(slider.value))), 250);
    });
    onDate(load);
    load();
  },
};
