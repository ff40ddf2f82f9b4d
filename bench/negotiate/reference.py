"""Reference values for entente's settlement tests, computed with NegMAS on the standard
GENIUS domains.

NegMAS's GENIUS importer keeps the raw discrete evaluations, while GENIUS divides each by the
largest evaluation of its issue; so this script rebuilds every utility function in memory with
GENIUS's per-issue normalisation, then asks NegMAS for the outcome count, the Pareto frontier,
its Nash point (NegMAS's rule: disagreement max(min utility, reserved value)) and its
Kalai-Smorodinsky points; and, independently of both NegMAS and entente, picks on NegMAS's
frontier the Nash point with GENIUS's disagreement point (the reservation values), the proper
Kalai-Smorodinsky point and GENIUS's sum-of-differences variant.

Usage: python reference.py DOMAINS_DIR [OUT.json]
"""

import json
import math
import os
import re
import sys
import tempfile

from negmas.inout import Scenario
from negmas.preferences import (
    LinearAdditiveUtilityFunction,
    kalai_points,
    nash_points,
    pareto_frontier,
)
from negmas.preferences.value_fun import TableFun

DOMAINS = {
    "Amsterdam": ("Amsterdam_domain.xml", ["Amsterdam_party1.xml", "Amsterdam_party2.xml"]),
    "Camera": ("camera_domain.xml", ["camera_buyer_utility.xml", "camera_seller_utility.xml"]),
    "Car2011": ("adg.xml", ["adg_deal.xml", "adg_deal2.xml"]),
    "Energy": ("energy_domain.xml", ["energy_consumer.xml", "energy_distributor.xml"]),
    "EnglandZimbabwe": ("EnglandZimbabwe_domain.xml", ["England.xml", "Zimbabwe.xml"]),
    "Grocery": ("Grocery_domain.xml", ["Grocery_domain_mary.xml", "Grocery_domain_sam.xml"]),
    "ISBT": ("IS_BT_Acquisition.xml", ["IS_BT_Acquisition_BT_prof.xml", "IS_BT_Acquisition_IS_prof.xml"]),
    "ItexvsCypress": ("ItexvsCypress_domain.xml", ["ItexvsCypress_Cypress.xml", "ItexvsCypress_Itex.xml"]),
    "Laptop": ("laptop_domain.xml", ["laptop_buyer_utility.xml", "laptop_seller_utility.xml"]),
    "NiceOrDie": ("NiceOrDie.xml", ["NiceOrDie1.xml", "NiceOrDie2.xml"]),
    "Party2": ("party_domain.xml", ["party1_utility.xml", "party2_utility.xml"]),
    "Party3": ("party_domain.xml", ["party1_utility.xml", "party2_utility.xml", "party3_utility.xml"]),
    "SixIssues": ("6issues.xml", ["6issues_util1.xml", "6issues_util2.xml"]),
    "Travel": ("travel_domain.xml", ["travel_chox.xml", "travel_fanny.xml"]),
}


def fixed_copy(path, tmp):
    """The Car2011 profile glues two attributes together; NegMAS's XML parser refuses it."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    fixed = re.sub(r'(="[^"]*")(?=[A-Za-z])', r'\1 ', text)
    out = os.path.join(tmp, os.path.basename(path))
    with open(out, "w", encoding="utf-8") as f:
        f.write(fixed)
    return out


def reservation(path):
    """GENIUS's reservation value (0 when absent); NegMAS's importer may leave it at -inf."""
    with open(path, encoding="utf-8") as f:
        m = re.search(r'<reservation\s+value="([^"]*)"', f.read())
    return float(m.group(1)) if m else 0.0


def normalised(ufun, issues, reserved):
    values = []
    for fun, issue in zip(ufun.values, issues):
        vals = list(issue.all)
        ev = {v: float(fun(v)) for v in vals}
        if isinstance(fun, TableFun):
            m = max(ev.values())
            ev = {v: (e / m if m > 0 else 0.0) for v, e in ev.items()}
        values.append(TableFun(ev))
    return LinearAdditiveUtilityFunction(
        values=values,
        weights=list(ufun.weights),
        issues=issues,
        reserved_value=reserved,
    )


def main():
    root = sys.argv[1]
    result = {}
    tmp = tempfile.mkdtemp()
    for name, (dom, profs) in DOMAINS.items():
        d = os.path.join(root, name)
        paths = [os.path.join(d, p) for p in profs]
        if name == "Car2011":
            paths = [fixed_copy(p, tmp) for p in paths]
        sc = Scenario.from_genius_files(os.path.join(d, dom), paths)
        issues = sc.outcome_space.issues
        ufuns = [normalised(u, issues, reservation(p)) for u, p in zip(sc.ufuns, paths)]
        outcomes = list(sc.outcome_space.enumerate_or_sample())
        front, idx = pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=True)
        nash = nash_points(ufuns, front, outcomes=outcomes)
        kalai = kalai_points(ufuns, front, outcomes=outcomes)
        res = [u.reserved_value for u in ufuns]
        ideal = [max(p[i] for p in front) for i in range(len(ufuns))]

        def pick(score):
            best = None
            for p, i in zip(front, idx):
                s = score(p)
                if s is None:
                    continue
                if best is None or s > best[0]:
                    best = (s, p, i)
            return best

        g_nash = pick(lambda p: math.prod(u - r for u, r in zip(p, res)) if all(u > r for u, r in zip(p, res)) else None)
        g_ks = pick(lambda p: min((u - r) / (m - r) for u, r, m in zip(p, res, ideal) if m > r))
        g_ksg = pick(lambda p: -sum(abs(p[a] - p[b]) for a in range(len(p)) for b in range(a + 1, len(p))))
        result[name] = {
            "outcomes": len(outcomes),
            "pareto_size": len(front),
            "pareto": [list(p) for p in front],
            "negmas_nash": [list(p) for p, _ in nash],
            "negmas_kalai": [list(p) for p, _ in kalai],
            "genius_nash": list(g_nash[1]) if g_nash else None,
            "genius_nash_outcome": list(outcomes[g_nash[2]]) if g_nash else None,
            "ks": list(g_ks[1]) if g_ks else None,
            "ks_genius_variant": list(g_ksg[1]) if g_ksg else None,
        }
        print(name, len(outcomes), len(front), result[name]["genius_nash"], file=sys.stderr)
    out = json.dumps(result, indent=1)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write(out)
    else:
        print(out)


if __name__ == "__main__":
    main()
