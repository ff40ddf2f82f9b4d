//! The What if view: an event ("RUS attacks EST", of a kind: armed, hybrid, limited) and who must
//! then act, grouped by agreement and clause: how strongly, under which legal form, with the
//! bearers listed and counted and the clause's source cited.
import { api } from "../api";
import { el, fill, table } from "../ui";
import type { View } from "./types";

const KINDS: [string, string][] = [
  ["armed_attack", "armed attack"],
  ["hybrid_attack", "hybrid attack"],
  ["limited_incursion", "limited incursion"],
  ["attack_on_forces_abroad", "attack on forces abroad"],
];

export const whatifView: View = {
  id: "whatif",
  title: "What if",
  mount(root, ctx, onDate) {
    const form = el("form", { class: "controls", id: "whatif-form" });
    const event = el("input", { id: "event", name: "event", value: ctx.param("event") || "RUS attacks POL", size: 28, "aria-describedby": "event-help" });
    const kind = el("select", { id: "kind", name: "kind" }, ...KINDS.map(([v, t]) => el("option", { value: v, text: t, selected: v === (ctx.param("kind") || "armed_attack") })));
    form.append(el("label", {}, "Event ", event), el("label", {}, "Kind ", kind), el("button", { type: "submit", text: "Who must act?" }));
    const help = el("p", { id: "event-help", class: "muted", text: 'Forms: "X attacks Y", "X attacks Y forces in Z", "X breaches AGREEMENT", "X violates the ceasefire". States by ISO alpha-3 id.' });
    const out = el("div", { id: "whatif-out" });
    root.append(el("h2", { text: "What if…" }), form, help, out);
    const run = () => {
      ctx.setParam("event", event.value);
      ctx.setParam("kind", kind.value === "armed_attack" ? "" : kind.value);
      fill(out, "obligations", async () => {
        const ans = await api.obligations(ctx, event.value.trim(), kind.value === "armed_attack" ? undefined : kind.value);
        const list: any[] = Array.isArray(ans) ? ans : (ans.obligations ?? []);
        const groups = new Map<string, any[]>();
        for (const o of list) {
          if (String(o.applies) === "false") continue;
          const k = `${o.agreement}\u0000${o.clause}`;
          if (!groups.has(k)) groups.set(k, []);
          groups.get(k)!.push(o);
        }
        if (!groups.size) return el("p", { class: "summary", text: `No obligation applies to “${event.value}”.` });
        const cards = [...groups.values()].map((os) => {
          const o = os[0];
          const bearers = [...new Set(os.map((x) => x.bearer))].sort();
          return el(
            "section",
            { class: "card obligation", "data-agreement": o.agreement, "data-clause": o.clause, "data-bearers": bearers.length },
            el("h3", {}, `${o.agreement_name} — ${o.clause_title ?? o.clause}`),
            el("p", { class: "summary" }, el("strong", { class: "count", text: String(bearers.length) }), ` ${bearers.length === 1 ? "party" : "parties"} must act · ${o.kind} · strength: ${String(o.strength).replace(/_/g, " ")} · ${String(o.legal_form).replace(/_/g, " ")}${String(o.applies) === "true" ? "" : ` · applies: ${o.applies}`}`),
            el("p", { class: "bearers" }, ...bearers.map((b) => el("span", { class: "tag", text: b }))),
            o.source ? el("p", { class: "source", text: `Source: ${o.source}` }) : null,
            (o.checks ?? []).length
              ? el("details", {}, el("summary", { text: "Why (the checks)" }), table(["check", "holds", "detail"], o.checks.map((c: any) => [c.what, String(c.holds), c.detail ?? ""])))
              : null,
          );
        });
        return cards;
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
