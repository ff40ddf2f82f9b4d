"""Write and run examples/entente.ipynb, the notebook of the Python package: it loads the bundled
scenario, computes the EU Council's voting power, runs the settlement analysis and plots
coverage with pandas and matplotlib. Its outputs are committed; run again after a change that
moves them: `python python/make_notebook.py` (needs the package, pandas, matplotlib, nbformat,
nbclient and ipykernel; no network)."""

import pathlib

import nbformat
from nbclient import NotebookClient

OUT = pathlib.Path(__file__).resolve().parents[1] / "examples" / "entente.ipynb"

CELLS = [
    ("md", """# entente from Python

The bundled Europe scenario, asked from Python: the EU Council's voting power, the settlement
analysis, and who is covered by which commitment. Every answer is the JSON the `entente` command
line prints (`--format json`), as plain dicts and lists; `.rows()` flattens one for pandas."""),
    ("code", """import entente
import pandas as pd
import matplotlib.pyplot as plt

s = entente.load()          # the bundled scenario; entente.load(path) or entente.loads({...}) for others
s"""),
    ("md", """## EU Council: qualified majority voting power

The Council's qualified majority (55% of the members representing 65% of the population, TEU Art.
16(4)) on 2024-06-01, computed exactly. Population figures are the scenario's (Eurostat, as its
data files cite)."""),
    ("code", """council = s.power(institution="eu_council", decision="qmv", as_of="2024-06-01")
print(council["method"], "exact:", council["exact"])
power = pd.DataFrame(council.rows())
power[["id", "banzhaf", "shapley_shubik", "penrose"]].sort_values("banzhaf", ascending=False).head(8)"""),
    ("code", """ax = power.sort_values("shapley_shubik").plot.barh(x="id", y=["banzhaf", "shapley_shubik"], figsize=(7, 8))
ax.set_xlabel("share of voting power")
ax.set_title("EU Council, qualified majority (2024-06-01)")
plt.tight_layout()"""),
    ("md", """## The settlement

Every package of the peace-settlement space is checked against each party's red lines; when none
is acceptable to all, the answer names the smallest set of red lines that collide."""),
    ("code", """deal = s.negotiate()
print(deal["outcomes"], "packages,", deal["acceptable"], "acceptable to every party")
print(deal["explanation"])"""),
    ("code", """pd.DataFrame(deal["no_deal"]["collision"])[["party", "id", "condition"]]"""),
    ("md", """## Coverage

Each state's strongest commitment in force today, and the grey zone (states no binding defence
commitment covers)."""),
    ("code", """cov = pd.DataFrame(s.coverage().rows())
cov["covered by"] = cov["strongest.strength"].fillna("none")
counts = cov.groupby(["covered by", "grey_zone"]).size().unstack(fill_value=0)
counts"""),
    ("code", """ax = counts.plot.bar(stacked=True, figsize=(7, 4))
ax.set_ylabel("states")
ax.set_title("Strongest commitment covering each state of the scenario")
plt.tight_layout()"""),
    ("code", """cov[cov["grey_zone"]][["state", "name", "covered by"]]"""),
]


def main():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, text in CELLS:
        cell = nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text)
        nb.cells.append(cell)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(OUT.parent)}}).execute()
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        if cell.get("cell_type") == "code":
            cell["metadata"] = {}
    OUT.write_text(nbformat.writes(nb))


if __name__ == "__main__":
    main()
