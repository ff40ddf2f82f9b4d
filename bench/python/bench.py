"""Benchmark of the Python package (run by run.sh, which builds what it needs in release mode).

1. The cost of calling the engines from Python: the best of several calls of the same question
   from Python (`s.power(...)`, `s.negotiate(...)`: keyword arguments to JSON, the answer built
   as dicts and lists straight from the Rust values) against the same question answered
   in-process in Rust with its JSON text made (`crates/entente-py/examples/inprocess.rs`, the
   faster of `entente_api::ask` plus the value written out, and the typed answer written out
   indented as the command line does): the EU-27 Council's power (exact) and the settlement
   analysis of a random 10^6-package space (6 issues x 10 values, 5 parties, the space of
   bench/negotiate). The former route, the answer's JSON text read by `json.loads`, is timed too.
2. A 10^5-run forecast Monte Carlo in 8 shards on a local Ray (2 CPUs) against one process: the
   same answer, and both wall times.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import entente

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "negotiate"))
from bench import gen  # noqa: E402  (bench/negotiate/bench.py's generator of random spaces)

INPROCESS = sys.argv[1] if len(sys.argv) > 1 else ""
REPEATS = 20
ROUNDS = 3


def best(f, repeats=REPEATS):
    t = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - t0)
    return t


def rust(question, query):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(query, f)
    out = subprocess.run([INPROCESS, question, f.name, str(REPEATS)], capture_output=True, text=True, check=True)
    os.unlink(f.name)
    return [float(x) for x in out.stdout.split()]


def overhead(name, question, query):
    s = entente.load()
    text = json.dumps(query)
    # The same answer both ways, numbers of the same kind included.
    got, expected = s.ask(question, **query), json.loads(s._session.ask_json(question, text))
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
    del got, expected
    # Rounds that alternate the Python and the Rust measures, each side's best over all of them:
    # a busy moment on a shared machine then slows both sides alike, not one.
    p = via_text = value = typed = float("inf")
    for _ in range(ROUNDS):
        p = min(p, best(lambda: s.ask(question, **query)))
        # The former route: the answer's JSON text from Rust, read by json.loads.
        via_text = min(via_text, best(lambda: json.loads(s._session.ask_json(question, text))))
        if os.path.exists(INPROCESS):
            v, t = rust(question, query)
            value, typed = min(value, v), min(typed, t)
    line = f"{name:<28} python {p:9.4f} s   via JSON text {via_text:9.4f} s"
    if os.path.exists(INPROCESS):
        r = min(value, typed)
        line += (f"   rust in-process {r:9.4f} s (ask+text {value:.4f}, typed+pretty {typed:.4f})"
                 f"   overhead python {100.0 * (p - r) / r:+6.2f}%, via JSON text {100.0 * (via_text - r) / r:+6.2f}%")
    print(line)


def main():
    only = sys.argv[2] if len(sys.argv) > 2 else "all"
    print(f"entente {entente.__version__}, Python {sys.version.split()[0]}, best of {ROUNDS} x {REPEATS}")
    if only in ("all", "overhead"):
        measure_overhead()
    if only in ("all", "ray"):
        measure_ray()


def measure_overhead():
    overhead("EU-27 Council power (exact)", "power",
             dict(institution="eu_council", decision="qmv", as_of="2024-06-01"))
    with tempfile.TemporaryDirectory() as d:
        gen(6, 10, 5, 1, d)
        files = [{"name": f"p{p}.json", "text": open(os.path.join(d, f"p{p}.json")).read()} for p in range(5)]
    overhead("settlement, 10^6 packages", "negotiate", dict(geniusweb=files))


def measure_ray():
    q = dict(runs=100_000, seed=7, position_sd=5.0, salience_sd=2.0, capability_cv=0.1)
    s = entente.load()
    t0 = time.perf_counter()
    one = s.forecast(**q)
    t_one = time.perf_counter() - t0
    try:
        import ray
    except ImportError:
        print("ray is not installed: the sharded forecast is skipped")
        return
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    t0 = time.perf_counter()
    merged = entente.sweep(entente.query("forecast", **q), shards=8, backend="ray")
    t_ray = time.perf_counter() - t0
    ray.shutdown()
    same = merged == one
    print(f"forecast 10^5 runs: one process {t_one:8.2f} s; 8 shards on local Ray (2 CPUs) {t_ray:8.2f} s;"
          f" same answer: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
