//! Small building blocks every view uses: creating elements, showing an API error plainly (with
//! its hint and located diagnostics), loading states, tables, and SVG charts (horizontal bars,
//! scatter, lines) drawn by hand so that the page needs no chart library.
import { ApiFailure } from "./api";

type Attrs = Record<string, string | number | boolean | undefined | null>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = String(v);
    else if (k === "text") e.textContent = String(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

const SVGNS = "http://www.w3.org/2000/svg";
export function svg(tag: string, attrs: Attrs = {}, ...children: (Node | null)[]): SVGElement {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = String(v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

/** A box that says what went wrong, or that the server lacks the question. */
export function errorBox(e: unknown, question?: string): HTMLElement {
  if (e instanceof ApiFailure) {
    if (e.missingQuestion && question) {
      return el(
        "div",
        { class: "notice", role: "status" },
        el("strong", { text: `This server does not answer \`${question}\` yet.` }),
        el("p", { text: e.message }),
      );
    }
    return el(
      "div",
      { class: "error", role: "alert" },
      el("strong", { text: e.message }),
      e.hint ? el("p", { text: `Hint: ${e.hint}` }) : null,
      e.diagnostics.length ? diagnosticsList(e.diagnostics) : null,
    );
  }
  return el("div", { class: "error", role: "alert" }, el("strong", { text: String(e) }));
}

export function diagnosticsList(ds: { file: string; line: number; column: number; severity: string; message: string; hint?: string; code: string }[]) {
  return el(
    "ul",
    { class: "diagnostics" },
    ...ds.map((d) =>
      el(
        "li",
        { class: `diag ${d.severity}` },
        el("code", { text: `${d.file}:${d.line}:${d.column}` }),
        ` ${d.severity} [${d.code}]: ${d.message}`,
        d.hint ? el("span", { class: "hint", text: ` — ${d.hint}` }) : null,
      ),
    ),
  );
}

export function loading(what: string) {
  return el("p", { class: "loading", role: "status", text: `Asking ${what}…` });
}

/** Run `f` into `slot`, with a loading line first and an error box on failure. */
export async function fill(slot: HTMLElement, what: string, f: () => Promise<Node | Node[]>) {
  slot.replaceChildren(loading(what));
  slot.setAttribute("aria-busy", "true");
  try {
    const out = await f();
    slot.replaceChildren(...(Array.isArray(out) ? out : [out]));
  } catch (e) {
    slot.replaceChildren(errorBox(e, what));
  } finally {
    slot.removeAttribute("aria-busy");
  }
}

export function table(header: string[], rows: (string | Node)[][], caption?: string) {
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      {},
      caption ? el("caption", { text: caption }) : null,
      el("thead", {}, el("tr", {}, ...header.map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c))))),
    ),
  );
}

export function select(label: string, options: [string, string][], value: string, name: string) {
  const s = el("select", { name });
  for (const [v, t] of options) s.append(el("option", { value: v, text: t, selected: v === value }));
  return { wrap: el("label", {}, `${label} `, s), input: s };
}

export const PALETTE = ["#1f5fa8", "#d1495b", "#2e933c", "#edae49", "#7b4fa0", "#00798c", "#8a5a44", "#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#555"];

/** Horizontal bars, one per label, with the value printed at its end. */
export function bars(items: { label: string; value: number; title?: string }[], opts: { max?: number; fmt?: (v: number) => string; label: string }) {
  const fmt = opts.fmt ?? ((v: number) => v.toFixed(3));
  const max = opts.max ?? Math.max(1e-12, ...items.map((i) => i.value));
  const rowH = 18;
  const w = 560;
  const left = 60;
  const right = 70;
  const h = items.length * rowH + 6;
  const root = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart bars", role: "img", "aria-label": opts.label });
  items.forEach((it, i) => {
    const y = i * rowH + 3;
    const bw = Math.max(0, ((w - left - right) * it.value) / max);
    const g = svg("g", { "data-label": it.label });
    g.append(svg("text", { x: left - 6, y: y + 12, "text-anchor": "end", class: "axis", text: it.label }));
    const r = svg("rect", { x: left, y, width: bw.toFixed(1), height: rowH - 4, fill: PALETTE[0] });
    r.append(svg("title", { text: it.title ?? `${it.label}: ${fmt(it.value)}` }));
    g.append(r);
    g.append(svg("text", { x: left + bw + 4, y: y + 12, class: "value", text: fmt(it.value) }));
    root.append(g);
  });
  return root;
}

export interface Pt {
  x: number;
  y: number;
}
/** Axes for a chart of the given data ranges; returns the scales and the <svg>. */
export function axes(xr: [number, number], yr: [number, number], xLabel: string, yLabel: string, label: string, w = 560, h = 360) {
  const m = { l: 48, r: 16, t: 12, b: 40 };
  const sx = (x: number) => m.l + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * (w - m.l - m.r);
  const sy = (y: number) => h - m.b - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * (h - m.t - m.b);
  const root = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart", role: "img", "aria-label": label });
  root.append(svg("line", { x1: m.l, x2: w - m.r, y1: h - m.b, y2: h - m.b, class: "axisline" }));
  root.append(svg("line", { x1: m.l, x2: m.l, y1: m.t, y2: h - m.b, class: "axisline" }));
  for (let i = 0; i <= 4; i++) {
    const xv = xr[0] + ((xr[1] - xr[0]) * i) / 4;
    const yv = yr[0] + ((yr[1] - yr[0]) * i) / 4;
    root.append(svg("text", { x: sx(xv), y: h - m.b + 14, "text-anchor": "middle", class: "axis", text: +xv.toFixed(2) }));
    root.append(svg("text", { x: m.l - 4, y: sy(yv) + 4, "text-anchor": "end", class: "axis", text: +yv.toFixed(2) }));
  }
  root.append(svg("text", { x: (m.l + w - m.r) / 2, y: h - 6, "text-anchor": "middle", class: "axis title", text: xLabel }));
  root.append(svg("text", { x: 12, y: (m.t + h - m.b) / 2, "text-anchor": "middle", class: "axis title", transform: `rotate(-90 12 ${(m.t + h - m.b) / 2})`, text: yLabel }));
  return { root, sx, sy };
}
