//! The What if view: an event ("RUS attacks EST", of a kind: armed, hybrid, limited) and who must
//! then act, grouped by agreement and clause: how strongly, under which legal form, with the
//! bearers listed and counted and the clause's source cited; then what does not apply and why,
//! the commitments the event breaks, conflicts between duties and the answer's notes.
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
        return obligationsAnswer(ans, event.value);
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

const words = (x: unknown) => String(x ?? "").replace(/_/g, " ");

function checksTable(checks: any[] | undefined) {
  if (!checks?.length) return null;
  return el("details", {}, el("summary", { text: "Why (the checks)" }), table(["check", "holds", "detail", "source"], checks.map((c: any) => [c.what, String(c.holds), c.detail ?? "", c.source ?? ""])));
}

/** The incident as the server read it: who, against whom or what, of which kind. */
function incident(inc: any): string {
  const actor = inc.actor ?? "?";
  if (inc.subject) return `${actor} → ${inc.subject}${inc.place ? ` (forces in ${inc.place})` : ""} (${words(inc.kind)})`;
  if (inc.agreement) return `${actor} breaches ${inc.agreement}`;
  return `${actor}: ${words(inc.kind)}`;
}

/** The `obligations` answer: one card per agreement obligation (`groups`), then the rest. */
function obligationsAnswer(ans: any, asked: string): Node[] {
  const groups: any[] = (ans.groups ?? []).filter((g: any) => String(g.applies) !== "false");
  const inc = ans.incident ?? {};
  const head = el(
    "p",
    { class: "summary", id: "whatif-summary" },
    `${incident(inc)} as of ${ans.date}: `,
    el("strong", { text: `${groups.length} ${groups.length === 1 ? "obligation applies" : "obligations apply"}` }),
    `; collective defence ${ans.collective_defence ? "is" : "is not"} engaged.`,
  );
  const out: Node[] = [head];
  if (!groups.length) out.push(el("p", { class: "summary", text: `No obligation applies to “${asked}”.` }));
  // Many obligations of one party each (bilateral agreements) read better as one table.
  const many = groups.length > 8;
  const single = many ? groups.filter((g) => (g.bearers ?? []).length === 1) : [];
  for (const g of groups) {
    if (single.includes(g)) continue;
    const bearers: string[] = [...(g.bearers ?? [])].sort();
    out.push(
      el(
        "section",
        { class: "card obligation", "data-agreement": g.agreement, "data-clause": g.clause ?? g.obligation, "data-obligation": g.obligation, "data-bearers": bearers.length },
        el("h3", {}, `${g.agreement_name} — ${g.clause_title ?? g.clause ?? words(g.obligation)}`),
        el(
          "p",
          { class: "summary" },
          el("strong", { class: "count", text: String(bearers.length) }),
          ` ${bearers.length === 1 ? "party" : "parties"} must act · ${words(g.kind)} · strength: ${words(g.strength)} · ${words(g.legal_form)}${String(g.applies) === "true" ? "" : ` · applies: ${g.applies}`}` +
            ((g.beneficiaries ?? []).length ? ` · for ${g.beneficiaries.join(" ")}` : ""),
        ),
        el("p", { class: "bearers" }, ...bearers.map((b) => el("span", { class: "tag", text: b }))),
        g.source ? el("p", { class: "source", text: `Source: ${g.source}` }) : null,
        checksTable(g.checks),
      ),
    );
  }
  if (single.length)
    out.push(
      el(
        "section",
        { class: "card obligations-single" },
        el("h3", { text: `${single.length} obligations of one party each` }),
        table(
          ["bearer", "agreement", "obligation", "strength", "legal form", "for", "source"],
          single.map((g) => [
            el("span", { class: "tag", text: g.bearers[0] }),
            g.agreement_name ?? g.agreement,
            `${g.clause_title ?? g.clause ?? ""} ${words(g.obligation)} (${words(g.kind)})`.trim() + (String(g.applies) === "true" ? "" : ` · applies: ${g.applies}`),
            words(g.strength),
            words(g.legal_form),
            (g.beneficiaries ?? []).join(" "),
            g.source ?? "",
          ]),
        ),
      ),
    );
  const broken: any[] = ans.broken ?? [];
  if (broken.length)
    out.push(el("section", { class: "card broken" }, el("h3", { text: `Commitments this breaks (${broken.length})` }), table(["by", "agreement", "clause", "obligation", "source"], broken.map((b) => [b.by, b.agreement, b.clause ?? "", words(b.obligation), b.source ?? ""]))));
  const conflicts: any[] = ans.conflicts ?? [];
  if (conflicts.length)
    out.push(el("section", { class: "card conflicts" }, el("h3", { text: `Conflicting duties (${conflicts.length})` }), el("ul", {}, ...conflicts.map((c) => el("li", { text: typeof c === "string" ? c : JSON.stringify(c) })))));
  if (ans.no_ceasefire_in_force) out.push(el("p", { class: "notice", text: "No ceasefire is in force, so none can be violated." }));
  const na: any[] = ans.not_applying ?? [];
  if (na.length)
    out.push(
      el(
        "details",
        { class: "not-applying" },
        el("summary", { text: `Not applying (${na.length})` }),
        ...na.map((n) => el("section", { class: "card" }, el("h4", { text: `${n.agreement} — ${n.clause ?? words(n.obligation)}` }), n.source ? el("p", { class: "source", text: `Source: ${n.source}` }) : null, checksTable(n.checks))),
      ),
    );
  for (const n of ans.notes ?? []) out.push(el("p", { class: "muted", text: typeof n === "string" ? n : JSON.stringify(n) }));
  return out;
}
