//! The page's shell: the navigation between views, the state every view shares (view, date,
//! architecture, uploaded scenario) kept in the URL so that every page is linkable, and the
//! mounting of one view at a time into <main>.
import "./style.css";
import { api, setScenario } from "./api";
import type { View, Ctx } from "./views/types";
import { mapView } from "./views/map";
import { whatifView } from "./views/whatif";
import { decideView } from "./views/decide";
import { settlementView } from "./views/settlement";
import { forecastView } from "./views/forecast";
import { compareView } from "./views/compare";

/** A view whose code (and its large libraries: cytoscape, CodeMirror) loads when first opened. */
function lazy(id: string, title: string, load: () => Promise<View>): View {
  return {
    id,
    title,
    mount(root, ctx, onDate) {
      let cleanup: void | (() => void);
      let gone = false;
      root.append(Object.assign(document.createElement("p"), { className: "loading", textContent: `Loading ${title}…` }));
      load().then((v) => {
        if (gone) return;
        root.replaceChildren();
        cleanup = v.mount(root, ctx, onDate);
      });
      return () => {
        gone = true;
        if (cleanup) cleanup();
      };
    },
  };
}
const graphView = lazy("graph", "Commitments", () => import("./views/graph").then((m) => m.graphView));
const editorView = lazy("editor", "Editor", () => import("./views/editor").then((m) => m.editorView));

const VIEWS: View[] = [
  mapView,
  graphView,
  whatifView,
  decideView,
  settlementView,
  forecastView,
  compareView,
  editorView,
];

interface State {
  view: string;
  date: string;
  architecture: string;
  scenario: string;
  extra: Record<string, string>;
}

function readUrl(): State {
  const p = new URLSearchParams(location.search);
  const extra: Record<string, string> = {};
  for (const [k, v] of p) if (!["view", "date", "arch", "scenario"].includes(k)) extra[k] = v;
  return {
    view: VIEWS.some((v) => v.id === p.get("view")) ? p.get("view")! : "map",
    date: p.get("date") ?? "",
    architecture: p.get("arch") ?? "",
    scenario: p.get("scenario") ?? "",
    extra,
  };
}

function writeUrl(s: State, push: boolean) {
  const p = new URLSearchParams();
  p.set("view", s.view);
  if (s.date) p.set("date", s.date);
  if (s.architecture) p.set("arch", s.architecture);
  if (s.scenario) p.set("scenario", s.scenario);
  for (const [k, v] of Object.entries(s.extra)) if (v) p.set(k, v);
  const url = `${location.pathname}?${p}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

let state = readUrl();
let unmount: (() => void) | void;
const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;
const dateInput = document.getElementById("date") as HTMLInputElement;
const archInput = document.getElementById("architecture") as HTMLInputElement;
const badge = document.getElementById("scenario-badge")!;

function ctx(): Ctx {
  return {
    get date() {
      return state.date || undefined;
    },
    get architecture() {
      return state.architecture || undefined;
    },
    param: (k) => state.extra[k] ?? "",
    setParam: (k, v) => {
      state.extra[k] = v;
      writeUrl(state, false);
    },
    setDate: (d) => {
      state.date = d;
      dateInput.value = d;
      writeUrl(state, false);
      dateChanged();
    },
    shownDate: (d) => {
      if (!state.date) dateInput.placeholder = d;
      if (!dateInput.value) dateInput.value = "";
      dateInput.title = `Scenario date: ${d}`;
    },
    useScenario: (id) => {
      state.scenario = id ?? "";
      setScenario(id);
      renderBadge();
      writeUrl(state, false);
    },
    go: (view) => navigate(view),
  };
}

let dateListeners: (() => void)[] = [];
function dateChanged() {
  for (const f of dateListeners) f();
}

function renderNav() {
  nav.replaceChildren(
    ...VIEWS.map((v) => {
      const a = document.createElement("a");
      a.href = `?view=${v.id}`;
      a.textContent = v.title;
      a.dataset.view = v.id;
      if (v.id === state.view) a.setAttribute("aria-current", "page");
      a.addEventListener("click", (e) => {
        e.preventDefault();
        navigate(v.id);
      });
      return a;
    }),
  );
}

function renderBadge() {
  badge.hidden = !state.scenario;
  badge.textContent = state.scenario ? `uploaded scenario ${state.scenario}` : "";
}

function mount() {
  if (unmount) unmount();
  dateListeners = [];
  main.replaceChildren();
  const view = VIEWS.find((v) => v.id === state.view)!;
  document.title = `${view.title} · entente`;
  main.dataset.view = view.id;
  const c = ctx();
  unmount = view.mount(main, c, (f) => dateListeners.push(f));
  renderNav();
  // On a narrow screen the navigation scrolls sideways: keep the current view's link in sight.
  const current = nav.querySelector<HTMLElement>("[aria-current]");
  if (current) nav.scrollLeft = Math.max(0, current.offsetLeft - nav.offsetLeft - 16);
}

function navigate(view: string) {
  if (view === state.view) return;
  state.view = view;
  state.extra = {};
  writeUrl(state, true);
  mount();
  main.focus({ preventScroll: true });
}

dateInput.value = state.date;
archInput.value = state.architecture;
setScenario(state.scenario || null);
renderBadge();
dateInput.addEventListener("change", () => {
  state.date = dateInput.value;
  writeUrl(state, false);
  dateChanged();
});
// The architectures on offer: asked of the server (its `compare` answer lists them all) the first
// time the selector is used, and again after another scenario is chosen.
let offeredFor: string | null = null;
archInput.addEventListener("focus", () => {
  if (offeredFor === state.scenario) return;
  offeredFor = state.scenario;
  const list = document.getElementById("architectures")!;
  api
    .compare({}, [])
    .then((a: any) => {
      const ids: string[] = (a.architectures ?? []).filter((id: string) => id !== "status_quo");
      list.replaceChildren(
        ...ids.map((id) => Object.assign(document.createElement("option"), { value: id, label: a.by_architecture?.[id]?.name ?? id })),
      );
    })
    .catch(() => {
      offeredFor = null;
    });
});
archInput.addEventListener("change", () => {
  state.architecture = archInput.value.trim();
  writeUrl(state, false);
  mount();
});
window.addEventListener("popstate", () => {
  state = readUrl();
  dateInput.value = state.date;
  archInput.value = state.architecture;
  setScenario(state.scenario || null);
  renderBadge();
  mount();
});
writeUrl(state, false);
mount();
