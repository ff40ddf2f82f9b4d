//! What a view is (an id, a title and a mount function) and what the shell gives it: the shared
//! date and architecture, its own URL parameters, and ways to change the shared state.
export interface Ctx {
  /** The date every question is asked as of; undefined means the scenario's own date. */
  date?: string;
  architecture?: string;
  /** A view's own parameter kept in the URL (e.g. the event of What if). */
  param(key: string): string;
  setParam(key: string, value: string): void;
  setDate(date: string): void;
  /** Tell the shell which date an answer was given as of (when the user chose none). */
  shownDate(date: string): void;
  useScenario(id: string | null): void;
  go(view: string): void;
}

export interface View {
  id: string;
  title: string;
  /** Build the view in `root`; `onDate` registers a callback for a change of the shared date. */
  mount(root: HTMLElement, ctx: Ctx, onDate: (f: () => void) => void): void | (() => void);
}
