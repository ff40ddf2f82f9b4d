//! The Decisions and power view: choose a body and one of its decisions, set each member's vote,
//! and get the verdict with veto players, swing members and votes still needed; the a priori
//! voting power of the same rule as bar charts (Banzhaf, Shapley–Shubik); and a timeline of the
//! scenario replayed step by step (an accession, a settlement) with the changes each step made.
import { api } from "../api";
import { el, fill, bars, table } from "../ui";
import type { View } from "./types";

const VOTES = ["unknown", "yes", "no", "abstain", "absent"];

export const decideView: View = {
  id: "decide",
  title: "Decisions & power",
  mount(root, ctx, onDate) {
    const instSel = el("select", { id: "institution", name: "institution" });
    const decSel = el("select", { id: "decision", name: "decision" });
    const votes = el("fieldset", { class: "votes", id: "votes" }, el("legend", { text: "Votes" }));
    const verdict = el("div", { id: "verdict" });
    const power = el("div", { id: "power" });
    const timeline = el("input", { id: "timeline", list: "timelines", value: ctx.param("timeline") || "finland_accession", size: 20 });
    const replayOut = el("div", { id: "replay" });
    const decideBtn = el("button", { type: "button", id: "decide-btn", text: "Decide" });
    const powerBtn = el("button", { type: "button", id: "power-btn", text: "Voting power" });
    const replayBtn = el("button", { type: "button", id: "replay-btn", text: "Replay" });
    root.append(
      el("h2", { text: "Decisions and power" }),
      el("div", { class: "controls" }, el("label", {}, "Body ", instSel), el("label", {}, "Decision ", decSel), decideBtn, powerBtn),
      votes,
      el("div", { class: "two" }, el("section", {}, el("h3", { text: "Verdict" }), verdict), el("section", {}, el("h3", { text: "A priori voting power" }), power)),
      el("h3", { text: "Timeline replay" }),
      el("div", { class: "controls" }, el("label", {}, "Timeline ", timeline), replayBtn),
      el("datalist", { id: "timelines" }, ...["finland_accession", "sweden_accession", "settlement", "territory", "assistance"].map((t) => el("option", { value: t }))),
      replayOut,
    );
    let show: any = null;
    const fillDecisions = () => {
      const inst = (show?.institutions ?? []).find((i: any) => i.id === instSel.value);
      const ds: string[] = (inst?.decisions ?? []).map((d: any) => d.id);
      const want = [ctx.param("decision"), "consensus", "qmv", "substantive"].find((d) => d && ds.includes(d)) ?? ds[0];
      decSel.replaceChildren(...(inst?.decisions ?? []).map((d: any) => el("option", { value: d.id, text: `${d.id} (${d.procedure ?? ""})`, selected: d.id === want })));
      votes.replaceChildren(el("legend", { text: `Votes of the ${inst?.member_ids?.length ?? 0} members (unknown: not yet known)` }));
      for (const m of inst?.member_ids ?? []) {
        const s = el("select", { name: `vote-${m}`, "data-member": m, "aria-label": `Vote of ${m}` }, ...VOTES.map((v) => el("option", { value: v, text: v })));
        votes.append(el("label", { class: "vote" }, `${m} `, s));
      }
    };
    instSel.addEventListener("change", () => {
      ctx.setParam("institution", instSel.value);
      fillDecisions();
      verdict.replaceChildren();
      power.replaceChildren();
    });
    decSel.addEventListener("change", () => {
      ctx.setParam("decision", decSel.value);
      verdict.replaceChildren();
      power.replaceChildren();
    });
    const collect = () => {
      const v = { yes: [] as string[], no: [] as string[], abstain: [] as string[], absent: [] as string[] };
      for (const s of votes.querySelectorAll("select")) {
        const k = (s as HTMLSelectElement).value as keyof typeof v;
        if (k in v) v[k].push((s as HTMLSelectElement).dataset.member!);
      }
      return v;
    };
    decideBtn.addEventListener("click", () =>
      fill(verdict, "decide", async () => {
        const a = await api.decide(ctx, instSel.value, decSel.value, collect());
        return [
          el("p", { class: `verdict ${a.verdict}`, id: "verdict-text" }, el("strong", { text: String(a.verdict).toUpperCase() }), ` — ${a.decision_name ?? a.decision} as of ${a.as_of}`),
          el("p", { text: `Rule: ${a.rule}` }),
          el("p", { text: `Veto players: ${(a.veto_players ?? []).join(" ") || "none"}` }),
          el("p", { text: `Swing members: ${(a.swing ?? []).join(" ") || "none"}${a.votes_needed != null ? ` · votes still needed: ${a.votes_needed}` : ""}` }),
          (a.reasons ?? []).length ? el("ul", {}, ...a.reasons.map((r: string) => el("li", { text: r }))) : null,
          a.source ? el("p", { class: "source", text: `Source: ${a.source}` }) : null,
        ].filter(Boolean) as Node[];
      }),
    );
    powerBtn.addEventListener("click", () =>
      fill(power, "power", async () => {
        const a = await api.power(ctx, instSel.value, decSel.value);
        const ms: any[] = [...(a.members ?? [])].sort((x, y) => y.banzhaf - x.banzhaf);
        return [
          el("p", { text: `${a.body} · ${a.method_description ?? a.method}` }),
          el("h4", { text: "Normalised Banzhaf index" }),
          bars(ms.map((m) => ({ label: m.id, value: m.banzhaf })), { label: "Banzhaf index by member" }),
          el("h4", { text: "Shapley–Shubik index" }),
          bars(ms.map((m) => ({ label: m.id, value: m.shapley_shubik })), { label: "Shapley–Shubik index by member" }),
          el("p", { text: `Veto players: ${(a.veto_players ?? []).join(" ") || "none"} · power of the body to act (Coleman): ${Number(a.coleman_act).toFixed(4)}` }),
        ];
      }),
    );
    replayBtn.addEventListener("click", () => {
      ctx.setParam("timeline", timeline.value);
      fill(replayOut, "replay", async () => {
        const a = await api.replay(ctx, timeline.value.trim());
        const r = a.replay ?? a;
        return [
          el("p", { class: "summary", text: `${r.name ?? timeline.value} (${r.kind ?? "timeline"}): ${(r.steps ?? []).length} steps` }),
          el(
            "ol",
            { class: "timeline" },
            ...(r.steps ?? []).map((s: any) =>
              el(
                "li",
                {},
                el("time", { datetime: s.date, text: s.date }),
                el("strong", { text: ` ${s.kind}` }),
                ` ${s.event}`,
                (s.changes ?? []).length ? el("div", { class: "changes", text: s.changes.map((c: any) => `${c.actor ?? ""} ${c.change ?? ""} ${c.institution ?? ""} → ${c.status ?? ""}`.trim()).join("; ") }) : null,
                s.source ? el("div", { class: "source", text: s.source }) : null,
              ),
            ),
          ),
          (a.quantities?.territory ?? []).length ? table(Object.keys(a.quantities.territory[0]), a.quantities.territory.map((t: any) => Object.values(t).map(String))) : null,
        ].filter(Boolean) as Node[];
      });
    });
    const load = () =>
      fill(verdict, "show", async () => {
        show = await api.show(ctx);
        ctx.shownDate(show.as_of);
        const want = ctx.param("institution") || "nato";
        instSel.replaceChildren(...(show.institutions ?? []).filter((i: any) => (i.decisions ?? []).length).map((i: any) => el("option", { value: i.id, text: i.name, selected: i.id === want })));
        fillDecisions();
        return el("p", { class: "muted", text: "Set the votes and press Decide." });
      });
    onDate(load);
    load();
  },
};
