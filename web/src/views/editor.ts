//! The Editor view: scenario files edited in the page (CodeMirror), uploaded to the server as
//! the user types, and checked there; every diagnostic comes back located (file, line, column)
//! and is shown in the text and listed under it. A scenario that checks clean can be used by every
//! other view (`?scenario=ID`). Files are held in memory only: several can be opened from disk,
//! and `include` is resolved among them by the server.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { linter, lintGutter, forceLinting, type Diagnostic } from "@codemirror/lint";
import { api, ApiFailure, type ApiDiagnostic } from "../api";
import { el, diagnosticsList } from "../ui";
import type { View } from "./types";

export const STARTER = `# A small scenario: two states and a club. Edit it; problems show as you type.
[scenario]
name = "A two-member club"
as_of = 2024-01-01

[actor.POL]
name = "Poland"

[actor.DEU]
name = "Germany"

[institution.club]
name = "A two-member club"
members = [{ id = "POL", joined = 1999-03-12 }, { id = "DEU" }]

[institution.club.decision.consensus]
rule = "consensus"
`;

const files: Record<string, string> = { "scenario.toml": STARTER };
let current = "scenario.toml";

function offset(doc: EditorState["doc"], line: number, column: number) {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
}

export const editorView: View = {
  id: "editor",
  title: "Editor",
  mount(root, ctx) {
    const fileSel = el("select", { id: "file", "aria-label": "File" });
    const open = el("input", { type: "file", id: "open-files", multiple: true, accept: ".toml,.csv", "aria-label": "Open scenario files" });
    const status = el("p", { id: "editor-status", role: "status", class: "summary" });
    const list = el("div", { id: "editor-diagnostics" });
    const useBtn = el("button", { type: "button", id: "use-scenario", disabled: true, text: "Use this scenario in every view" });
    const resetBtn = el("button", { type: "button", text: "Back to the bundled scenario" });
    const host = el("div", { class: "editor", id: "editor" });
    root.append(
      el("h2", { text: "Edit a scenario" }),
      el("div", { class: "controls" }, el("label", {}, "File ", fileSel), el("label", {}, "Open files… ", open), useBtn, resetBtn),
      host,
      status,
      list,
    );
    let lastId: string | null = null;
    let lastAll: ApiDiagnostic[] = [];
    const refreshFiles = () => fileSel.replaceChildren(...Object.keys(files).sort().map((f) => el("option", { value: f, text: f, selected: f === current })));
    refreshFiles();

    const check = linter(
      async (view) => {
        files[current] = view.state.doc.toString();
        status.textContent = "Checking…";
        let ds: ApiDiagnostic[] = [];
        try {
          const res = await api.upload({ ...files });
          const c = res.check ?? res;
          ds = c.diagnostics ?? [];
          lastId = res.id ?? null;
          const errors = ds.filter((d) => d.severity === "error").length;
          status.textContent = errors ? `${errors} error(s), ${ds.length - errors} warning(s)` : ds.length ? `${ds.length} warning(s); the scenario can be used` : "No problems: the scenario can be used";
          useBtn.disabled = !lastId || errors > 0;
        } catch (e) {
          lastId = null;
          useBtn.disabled = true;
          if (e instanceof ApiFailure && e.diagnostics.length) {
            ds = e.diagnostics;
            status.textContent = `${ds.filter((d) => d.severity === "error").length} error(s)`;
          } else {
            status.textContent = e instanceof ApiFailure ? `The scenario could not be checked: ${e.message}` : String(e);
          }
        }
        lastAll = ds;
        list.replaceChildren(ds.length ? diagnosticsList(ds) : el("span"));
        const doc = view.state.doc;
        const mine = ds.filter((d) => d.file === current || d.file.endsWith(`/${current}`) || (Object.keys(files).length === 1 && !files[d.file]));
        return mine.map((d): Diagnostic => {
          const from = d.line > 0 ? offset(doc, d.line, d.column) : 0;
          const word = doc.sliceString(from, Math.min(doc.lineAt(from).to, from + 80)).match(/^("[^"\n]*"|[\w.-]+)/);
          return {
            from,
            to: Math.max(from, from + (word ? word[0].length : 0)),
            severity: d.severity === "error" ? "error" : "warning",
            message: `${d.message}${d.expected ? ` (expected ${d.expected})` : ""}${d.hint ? ` — ${d.hint}` : ""}`,
            source: d.code,
          };
        });
      },
      { delay: 500 },
    );
    const makeState = (text: string) =>
      EditorState.create({
        doc: text,
        extensions: [basicSetup, StreamLanguage.define(toml), lintGutter(), check, EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": "Scenario file" })],
      });
    const view = new EditorView({ state: makeState(files[current]), parent: host });
    fileSel.addEventListener("change", () => {
      files[current] = view.state.doc.toString();
      current = fileSel.value;
      view.setState(makeState(files[current]));
    });
    open.addEventListener("change", async () => {
      for (const f of Array.from(open.files ?? [])) files[f.name] = await f.text();
      const first = open.files?.[0]?.name;
      if (first) current = Object.keys(files).includes("scenario.toml") && open.files!.length > 1 ? "scenario.toml" : first;
      refreshFiles();
      view.setState(makeState(files[current]));
    });
    useBtn.addEventListener("click", () => {
      if (lastId) {
        ctx.useScenario(lastId);
        status.textContent = `Every view now asks about the uploaded scenario ${lastId}.`;
      }
    });
    resetBtn.addEventListener("click", () => {
      ctx.useScenario(null);
      status.textContent = "Every view asks about the bundled scenario again.";
    });
    void lastAll;
    forceLinting(view);
    (window as any).__ententeEditor = view;
    return () => view.destroy();
  },
};
