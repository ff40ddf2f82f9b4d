"""Recompute, without entente's code, the egame12 agent-probit probabilities (games::egame12,
agent error, probit link) and Fearon's bargain for every answer of `entente deter --format json
--draws 0`, from the answer's own balance, parameters and estimate; print the largest
difference."""
import json
import math
import sys

a = json.load(open(sys.argv[1]))
par = {p["name"]: p["value"] for p in a["parameters"]}
est = dict(zip(a["estimate"]["names"], a["estimate"]["values"]))


def phi(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def fearon(p, ca, cb):
    if ca >= cb:
        return p, 0.0
    x = p + (cb - ca) / 2.0
    if x > 1.0:
        return 1.0, min(1.0, (1.0 - p) / cb)
    return x, 0.5 - ca / (2.0 * cb)


worst = 0.0
n = 0
for arch, w in a["by_architecture"].items():
    for s in w["states"]:
        bal = s["balance"]
        u11 = (est["u1(~esc):(Intercept)"] + est["u1(~esc):s_wt_re1"] * par["covariate.s_wt_re1"]
               + est["u1(~esc):revis1"] * par["covariate.revis1"])
        u14 = (est["u1(esc,war):(Intercept)"] + est["u1(esc,war):regime1dem"] * par["covariate.regime1dem"]
               + est["u1(esc,war):regime1mixed"] * par["covariate.regime1mixed"])
        u24 = (est["u2(esc,war):(Intercept)"] + est["u2(esc,war):balanc"] * bal
               + est["u2(esc,war):regime2dem"] * par["covariate.regime2dem"]
               + est["u2(esc,war):regime2mixed"] * par["covariate.regime2mixed"])
        p4 = phi(u24 / math.sqrt(2))
        p2 = phi(((1 - p4) * 0.0 + p4 * u14 - u11) / math.sqrt(2))
        keep = 1.0
        for pact in s["pacts"]:
            keep *= 1.0 - pact["reliability"]
        worst = max(worst, abs(p4 - s["p_target_fights"]), abs(p2 * keep - s["p_attack"]))
        x, pw = fearon(bal, par["fearon.cost_attacker"], par["fearon.cost_target_max"])
        worst = max(worst, abs(x - s["fearon"]["x_star"]), abs(pw - s["fearon"]["p_war"]))
        n += 1
print(f"{n} answers recomputed; largest difference {worst:.2e}")
sys.exit(0 if worst < 1e-12 else 1)
