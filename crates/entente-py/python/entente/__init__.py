"""entente for Python: load a scenario and ask it the questions of the ``entente`` command line.

    import entente
    s = entente.load()                       # the bundled Europe scenario
    a = s.power(institution="eu_council", decision="qmv")
    pandas.DataFrame(a.rows())

Every question takes its query's fields as keyword arguments (the JSON Schema of each question,
``entente.schemas()``, names them; so do the type stubs) and returns the answer as plain dicts
and lists: exactly what ``json.loads`` gives for the JSON ``entente <question> --format json``
prints, built straight from the Rust answer (no JSON text in between).
An answer is a ``dict`` with one more method, ``rows()``, which flattens it into a list of flat
dicts that ``pandas.DataFrame`` takes as they are.

Errors: ``ScenarioError`` (the scenario or another input is wrong, or the method cannot answer)
carries ``diagnostics`` (file, line, column, message, expected, hint); a bad argument raises
``ValueError``. Both carry ``code``, ``kind``, ``hint`` and ``exit_code``, and their text is what
the command line prints. The engines run with the GIL released.

``sweep`` splits a Monte Carlo (forecast runs, sampled power, deterrence draws) into shards, runs
them here or as Ray tasks, and merges them into the answer one unsharded run gives.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _entente
from ._entente import ScenarioError

__all__ = [
    "Answer",
    "Scenario",
    "ScenarioError",
    "load",
    "loads",
    "questions",
    "schemas",
    "sweep",
    "query",
    "rows",
]
__version__ = _entente.__version__


def questions() -> List[str]:
    """The questions a scenario answers, by name."""
    return list(_entente.questions())


def schemas() -> Dict[str, Any]:
    """The JSON Schema of every question's query and answer, by question name."""
    return json.loads(_entente.schemas())


def _flatten(value: Any, prefix: str, out: Dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value and prefix:
            out[prefix] = None
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list) and any(isinstance(x, (dict, list)) for x in value):
        # A list of records inside a row stays one cell, as JSON text.
        out[prefix] = json.dumps(value, sort_keys=True)
    else:
        out[prefix] = value


def rows(answer: Any, path: Optional[str] = None) -> List[Dict[str, Any]]:
    """Flatten an answer into a list of flat dicts (one per record).

    The records are the list at ``path`` (keys joined by dots, e.g. ``"monte_carlo.actors"``);
    without ``path``, the longest list of objects at the top level of the answer (the first
    such key in the answer's order on ties), or the answer itself as one row. Nested objects
    become dotted columns (``position.mean``), lists of numbers stay lists, lists of objects
    become JSON text. A dict whose values are all objects (keyed by id) becomes one row per key,
    with the key in column ``key``.
    """
    node: Any = answer
    if path:
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]
    else:
        best = None
        if isinstance(answer, dict):
            for k, v in answer.items():
                if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                    if best is None or len(v) > len(best):
                        best = v
        node = best if best is not None else answer
    if isinstance(node, dict) and node and all(isinstance(v, dict) for v in node.values()):
        node = [dict({"key": k}, **v) for k, v in node.items()]
    if not isinstance(node, list):
        node = [node]
    out = []
    for item in node:
        row: Dict[str, Any] = {}
        _flatten(item if isinstance(item, dict) else {"value": item}, "", row)
        out.append(row)
    return out


class Answer(dict):
    """An answer: the question's JSON as a ``dict``, with ``rows()`` for data frames."""

    def rows(self, path: Optional[str] = None) -> List[Dict[str, Any]]:
        """The answer as a list of flat dicts; see ``entente.rows``."""
        return rows(self, path)


def _answer(value: Any) -> Any:
    return Answer(value) if isinstance(value, dict) else value


class Scenario:
    """A loaded scenario. Ask it questions by their methods, or by name with ``ask``."""

    def __init__(self, session: Any, source: Any) -> None:
        self._session = session
        self._source = source

    def __reduce__(self):  # A scenario travels (to a Ray worker) as where it came from.
        return (_reopen, (self._source,))

    def __repr__(self) -> str:
        kind = self._source[0]
        return f"<entente.Scenario {kind}>"

    @property
    def warnings(self) -> List[str]:
        """The scenario's warnings, rendered as ``entente check`` prints them."""
        return list(self._session.warnings())

    def ask(self, question: str, **query: Any) -> Any:
        """Answer ``question`` with the query's fields as keyword arguments."""
        return _answer(self._session.ask(question, json.dumps(query)))

    def check(self, **query: Any) -> Any:
        """``entente check``: the scenario's diagnostics."""
        return self.ask("check", **query)

    def show(self, **query: Any) -> Any:
        """``entente show``: one thing the scenario defines, with its sources."""
        return self.ask("show", **query)

    def decide(self, **query: Any) -> Any:
        """``entente decide``: can a proposal pass, who can block it, which votes are needed."""
        return self.ask("decide", **query)

    def power(self, **query: Any) -> Any:
        """``entente power``: a priori voting power of a rule (exact or sampled)."""
        return self.ask("power", **query)

    def obligations(self, **query: Any) -> Any:
        """``entente obligations``: who must act on an incident, and why."""
        return self.ask("obligations", **query)

    def coverage(self, **query: Any) -> Any:
        """``entente coverage``: every state's commitments and the grey zone."""
        return self.ask("coverage", **query)

    def replay(self, **query: Any) -> Any:
        """``entente replay``: a timeline run step by step."""
        return self.ask("replay", **query)

    def negotiate(self, **query: Any) -> Any:
        """``entente negotiate``: the settlement analysis (frontier, solutions, no-deal reasons)."""
        return self.ask("negotiate", **query)

    def forecast(self, **query: Any) -> Any:
        """``entente forecast``: how positions move, optionally with a Monte Carlo."""
        return self.ask("forecast", **query)

    def validate(self, **query: Any) -> Any:
        """``entente validate``: forecasting scored against recorded outcomes."""
        return self.ask("validate", **query)

    def compare(self, **query: Any) -> Any:
        """``entente compare``: architectures side by side."""
        return self.ask("compare", **query)

    def report(self, **query: Any) -> Any:
        """``entente report``: the plan of the report and every answer in it."""
        return self.ask("report", **query)

    def list(self, **query: Any) -> Any:
        """``entente list``: the ids the scenario defines."""
        return self.ask("list", **query)

    def deter(self, **query: Any) -> Any:
        """``entente deter``: the deterrence Monte Carlo (where this version has it)."""
        return self.ask("deter", **query)

    def shard(self, question: str, shard: str, **query: Any) -> str:
        """Run shard ``K/N`` of a Monte Carlo; the shard file's JSON lines."""
        return self._session.shard(question, json.dumps(dict(query, shard=shard)))

    def merge(self, shards: Iterable[Union[str, Sequence[str]]]) -> Any:
        """Merge shard files (their texts, or (name, text) pairs) into the sweep's answer."""
        files = []
        for i, s in enumerate(shards):
            files.append((f"shard-{i + 1}.jsonl", s) if isinstance(s, str) else tuple(s))
        return _answer(self._session.merge(files))

    def sweep(
        self, question: str, shards: int = 1, backend: str = "local", **query: Any
    ) -> Any:
        """Run ``question``'s Monte Carlo in ``shards`` shards and merge them; see ``sweep``."""
        return sweep(query, shards=shards, backend=backend, question=question, scenario=self)


def _reopen(source: Any) -> Scenario:
    kind, value = source
    if kind == "bundled":
        return Scenario(_entente.load_bundled(), source)
    if kind == "paths":
        return Scenario(_entente.load_paths(list(value)), source)
    return Scenario(_entente.load_files(dict(value)), source)


def load(*paths: str) -> Scenario:
    """Load a scenario: the bundled Europe scenario without arguments, else files or folders."""
    if not paths:
        return _reopen(("bundled", None))
    return _reopen(("paths", tuple(str(p) for p in paths)))


def loads(files: Mapping[str, str]) -> Scenario:
    """Load a scenario from files held in memory: ``{"scenario.toml": text, "data/x.csv": …}``."""
    return _reopen(("files", dict(files)))


def query(question: str, **fields: Any) -> Dict[str, Any]:
    """A query for ``sweep``: the question's name and its fields."""
    return dict(fields, question=question)


def _run_shard(scenario: Scenario, question: str, q: Dict[str, Any], k: int, n: int) -> str:
    return scenario.shard(question, f"{k}/{n}", **q)


def sweep(
    query: Mapping[str, Any],
    shards: int = 1,
    backend: str = "local",
    *,
    question: Optional[str] = None,
    scenario: Optional[Scenario] = None,
) -> Any:
    """Split a Monte Carlo into ``shards`` shards, run them, and merge them.

    ``query`` holds the question's fields and names the question (``"question": "forecast"``,
    or pass ``question=``); ``scenario`` defaults to the bundled one. ``backend="local"`` runs
    the shards one after the other in this process (each uses every core); ``backend="ray"``
    runs each as a Ray task (``ray.init()`` first to choose the cluster; a local Ray is started
    when none is). The merged answer equals the answer of one unsharded run, byte for byte.
    """
    q = dict(query)
    question = question or q.pop("question", None)
    q.pop("question", None)
    if not question:
        raise ValueError("sweep: name the question, e.g. query('forecast', runs=1000, …)")
    if not isinstance(shards, int) or shards < 1:
        raise ValueError(f"sweep: shards must be a whole number of at least 1, not {shards!r}")
    scenario = scenario or load()
    if backend == "local":
        texts = [_run_shard(scenario, question, q, k, shards) for k in range(1, shards + 1)]
    elif backend == "ray":
        import ray  # noqa: PLC0415 (Ray is optional)

        if not ray.is_initialized():
            ray.init()
        task = ray.remote(_run_shard)
        ref = ray.put(scenario)
        texts = ray.get([task.remote(ref, question, q, k, shards) for k in range(1, shards + 1)])
    else:
        raise ValueError(f"sweep: backend {backend!r} is not known; use 'local' or 'ray'")
    return scenario.merge(texts)
