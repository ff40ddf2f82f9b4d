"""The committed type stubs are those the query schemas give, and the committed notebook runs
and its code is what python/make_notebook.py writes."""

import importlib.util
import json
import pathlib

import pytest

from conftest import ROOT, need


def load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "python" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stubs_are_fresh(entente):
    gen = load("gen_stubs")
    assert gen.OUT.read_text() == gen.stubs(entente.schemas()), "run python/gen_stubs.py"


def test_stubs_name_every_question(entente):
    text = (ROOT / "crates" / "entente-py" / "python" / "entente" / "__init__.pyi").read_text()
    for q in ["decide", "power", "obligations", "coverage", "replay", "negotiate", "forecast", "compare", "deter"]:
        assert f"def {q}(" in text


def test_notebook_runs_with_committed_code(entente):
    try:
        import nbformat
        from nbclient import NotebookClient
        import pandas  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError:
        need("nbformat, nbclient, pandas and matplotlib")
    path = ROOT / "examples" / "entente.ipynb"
    nb = nbformat.read(path, as_version=4)
    maker = load("make_notebook")
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code == [text for kind, text in maker.CELLS if kind == "code"]
    assert all(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs are committed"
    assert any("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
