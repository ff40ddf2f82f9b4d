"""The Python answers equal the command line's JSON on the same queries, and errors carry the
command line's text: one seam (`entente_api::ask`) serves both."""

import json

import pytest

# (question, command-line arguments, keyword arguments): the same query both ways. The values
# themselves are pinned by the API's golden tests; here only the equality of the two front ends
# is checked. (`entente obligations --format json` prints the duty rows of its table rather than
# the whole answer, so it is compared row for row below.)
CASES = [
    ("power", ["power", "--institution", "eu_council", "--decision", "qmv", "--as-of", "2024-06-01"],
     dict(institution="eu_council", decision="qmv", as_of="2024-06-01")),
    ("power", ["power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--ids", "FRA,DEU,ITA,BEL,NLD,LUX"],
     dict(weights=[4, 4, 4, 2, 2, 1], quota="12", ids=["FRA", "DEU", "ITA", "BEL", "NLD", "LUX"])),
    ("decide", ["decide", "-i", "nato", "-d", "consensus", "--no", "HUN"],
     dict(institution="nato", decision="consensus", no=["HUN"])),
    ("coverage", ["coverage", "--state", "FIN", "--as-of", "2023-04-04"],
     dict(state=["FIN"], as_of="2023-04-04")),
    ("replay", ["replay", "finland_accession"], dict(timeline="finland_accession")),
    ("negotiate", ["negotiate"], dict()),
    ("forecast", ["forecast", "--runs", "20", "--seed", "3", "--position-sd", "4"],
     dict(runs=20, seed=3, position_sd=4.0)),
    ("compare", ["compare", "status_quo"], dict(architectures=["status_quo"])),
]


@pytest.mark.parametrize("question,args,kwargs", CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_python_answer_equals_cli_json(scenario, cli, question, args, kwargs):
    out = cli(*args, "--format", "json")
    assert out.returncode == 0, out.stderr
    expected = json.loads(out.stdout)
    got = getattr(scenario, question)(**kwargs)
    assert got == expected
    assert isinstance(got, dict)
    # Built from the Rust values, the answer's numbers are of the same kind as the JSON's (an int
    # stays an int, a float a float, 1.0 is not 1), which == alone does not tell.
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)


# Questions whose answers take many of serde's shapes (enums, optional and flattened fields,
# maps keyed by id): the objects built from the Rust values equal the server's JSON read back.
MORE = [
    ("check", {}),
    ("show", {}),
    ("list", {}),
    ("power", dict(institution="eu_council", decision="qmv", method="monte-carlo", samples=2000, seed=5)),
    ("power", dict(institution="eu_council", decision="qmv", compare=True)),
    ("decide", dict(institution="eu_council", decision="qmv", no=["DEU", "FRA", "ITA", "POL"])),
    ("obligations", dict(event="RUS attacks POL", as_of="2025-06-30")),
    ("coverage", {}),
    ("negotiate", dict(robustness=True, after_first_concession=True)),
    ("forecast", dict(runs=10, seed=2, position_sd=3.0)),
    ("compare", dict(architectures=["status_quo", "ukraine_in_nato"])),
    ("report", {}),
]


@pytest.mark.parametrize("question,kwargs", MORE, ids=[c[0] + str(i) for i, c in enumerate(MORE)])
def test_answer_objects_equal_the_json_text(scenario, question, kwargs):
    got = scenario.ask(question, **kwargs)
    expected = json.loads(scenario._session.ask_json(question, json.dumps(kwargs)))
    assert got == expected
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_obligations_hold_the_cli_duties(scenario, cli):
    out = cli("obligations", "--event", "RUS attacks POL", "--as-of", "2025-06-30", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    got = scenario.obligations(event="RUS attacks POL", as_of="2025-06-30")
    assert {(r["bearer"], r["obligation"]) for r in rows} <= {
        (d["bearer"], d["obligation"]) for d in got["duties"]
    }


def test_rows_are_flat_and_frame_ready(scenario):
    a = scenario.power(institution="eu_council", decision="qmv", as_of="2024-06-01")
    rows = a.rows()
    # The EU Council of 2024 has 27 members (TEU Art. 16, Council decision of 2024 membership).
    assert len(rows) == 27
    for r in rows:
        assert all(not isinstance(v, dict) for v in r.values())
    f = scenario.forecast(runs=10, seed=1, position_sd=2.0)
    mc = f.rows("monte_carlo.actors")
    assert mc and "position" in mc[0]


def test_usage_errors_are_value_errors_with_the_cli_text(scenario, cli):
    with pytest.raises(ValueError) as e:
        scenario.power(institution="natto", decision="qmv")
    out = cli("power", "--institution", "natto", "--decision", "qmv")
    assert out.returncode == e.value.exit_code == 2
    assert str(e.value) in out.stderr
    assert e.value.code == "unknown-institution" or e.value.code


def test_scenario_errors_carry_located_diagnostics(entente):
    with pytest.raises(entente.ScenarioError) as e:
        entente.loads({"scenario.toml": "[actor.X]\nname = 1\n"})
    assert e.value.kind == "scenario"
    assert e.value.exit_code == 1
    text = str(e.value)
    assert "scenario.toml" in text


def test_input_errors_are_scenario_errors(scenario):
    with pytest.raises(Exception) as e:
        scenario.power(rules=["yes.population >= 50%"],
                       members={"file": "bad.csv", "text": "id,population\nA,10\nB,ten\n"})
    assert e.value.diagnostics and e.value.diagnostics[0]["file"] == "bad.csv"


def test_unknown_arguments_are_value_errors(scenario):
    with pytest.raises(ValueError):
        scenario.power(institution="eu_council", decision="qmv", no_such_field=1)


def test_load_from_disk_and_memory_equal_bundled(entente, scenario):
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2] / "scenarios" / "europe"
    on_disk = entente.load(str(root))
    q = dict(institution="nato", decision="consensus", no=["HUN"])
    assert on_disk.decide(**q) == scenario.decide(**q)


def test_questions_and_schemas(entente):
    assert "power" in entente.questions()
    s = entente.schemas()
    assert "institution" in s["power"]["query"]["properties"]


def test_long_engines_release_the_gil(scenario):
    # While a Monte Carlo runs in another thread, this thread keeps running Python code: the
    # longest pause it sees is far shorter than the call (the GIL is released inside it).
    import threading
    import time

    spent = []

    def work():
        t0 = time.perf_counter()
        scenario.forecast(runs=150, seed=1, position_sd=3.0)
        spent.append(time.perf_counter() - t0)

    t = threading.Thread(target=work)
    last = time.perf_counter()
    longest = 0.0
    t.start()
    while t.is_alive():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    t.join()
    assert spent[0] > 0.2, "the call is too short to tell"
    assert longest < spent[0] / 2, (longest, spent[0])
