//! The one place where the page meets the HTTP API of `entente serve`: which question each view
//! asks, how a view's inputs become that question's Query JSON (the command line's flags in
//! snake_case), and how an answer or an error comes back. Adjust the mapping here, nowhere else.

/** The error every question can answer with (entente-api's `ApiError`). */
export interface ApiDiagnostic {
  severity: string;
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  expected?: string;
  hint?: string;
}

export class ApiFailure extends Error {
  constructor(
    public status: number,
    public kind: string,
    public code: string,
    message: string,
    public hint?: string,
    public diagnostics: ApiDiagnostic[] = [],
  ) {
    super(message);
  }
  /** The server does not know this question at all (an older server, or a question to come). */
  get missingQuestion(): boolean {
    return this.status === 404 || this.status === 405 || this.status === 501 || /unknown-question|no such question|unknown question/i.test(`${this.code} ${this.message}`);
  }
}

/** The uploaded scenario the views are asked about, if any (`?scenario=ID`). */
let scenarioId: string | null = null;
export function setScenario(id: string | null) {
  scenarioId = id;
}
export function currentScenario(): string | null {
  return scenarioId;
}

function endpoint(question: string): string {
  const q = scenarioId ? `?scenario=${encodeURIComponent(scenarioId)}` : "";
  return `api/${question}${q}`;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiFailure(0, "network", "unreachable", `the server could not be reached (${e})`);
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = json && typeof json === "object" ? (json.error ?? json) : {};
    throw new ApiFailure(
      res.status,
      String(err.kind ?? "http"),
      String(err.code ?? res.status),
      String(err.message ?? (text || res.statusText)),
      err.hint ?? undefined,
      Array.isArray(err.diagnostics) ? err.diagnostics : [],
    );
  }
  return json as T;
}

/** Leave out what the user left empty, so the server applies its defaults. */
function clean(q: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** Inputs shared by every view: the date and the architecture (a world that might be). */
export interface Common {
  date?: string;
  architecture?: string;
}
function common(c: Common) {
  return { as_of: c.date, architecture: c.architecture };
}

export const api = {
  show: (c: Common) => post<any>(endpoint("show"), clean(common(c))),
  coverage: (c: Common) => post<any>(endpoint("coverage"), clean(common(c))),
  obligations: (c: Common, event: string, kind?: string) =>
    post<any>(endpoint("obligations"), clean({ ...common(c), event, kind })),
  decide: (
    c: Common,
    institution: string,
    decision: string,
    votes: { yes: string[]; no: string[]; abstain: string[]; absent: string[] },
    subject?: string,
  ) =>
    post<any>(
      endpoint("decide"),
      clean({ ...common(c), institution, decision, subject, ...votes }),
    ),
  power: (c: Common, institution: string, decision: string) =>
    post<any>(endpoint("power"), clean({ ...common(c), institution, decision })),
  replay: (c: Common, timeline: string) =>
    post<any>(endpoint("replay"), clean({ architecture: c.architecture, timeline })),
  negotiate: (c: Common) => post<any>(endpoint("negotiate"), clean({ architecture: c.architecture })),
  forecast: (c: Common) => post<any>(endpoint("forecast"), clean({ architecture: c.architecture })),
  check: () => post<any>(endpoint("check"), {}),
  compare: (c: Common, architectures: string[]) =>
    post<any>(endpoint("compare"), clean({ as_of: c.date, architectures })),
  /** Upload a scenario's files; answers `{ id, check }` (diagnostics located in the files). */
  upload: (files: Record<string, string>) => post<any>("api/scenarios", { files }),
};
