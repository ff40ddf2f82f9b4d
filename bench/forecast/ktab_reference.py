#!/usr/bin/env python3
"""Turn one KTAB smpc run into entente's reference JSON.

Usage: ktab_reference.py RUN.db LOG.txt OUT.json

RUN.db is the SQLite database smpc wrote (table VectorPosition holds every actor's position per
turn and dimension at full precision, on the 0-100 scale); LOG.txt is smpc's log, whose
"History of actors' winning probabilities" block gives each actor's win probability per turn
(printed by smpc with four decimals).
"""
import json
import re
import sqlite3
import sys


def main():
    db, log, out = sys.argv[1:4]
    con = sqlite3.connect(db)
    rows = list(con.execute(
        "SELECT Turn_t, Act_i, Dim_k, Pos_Coord FROM VectorPosition ORDER BY Turn_t, Act_i, Dim_k"))
    names = dict(con.execute("SELECT Act_i, Name FROM ActorDescription"))
    turns = 1 + max(r[0] for r in rows)
    actors = 1 + max(r[1] for r in rows)
    dims = 1 + max(r[2] for r in rows)
    pos = [[[None] * dims for _ in range(actors)] for _ in range(turns)]
    for t, i, k, x in rows:
        pos[t][i][k] = x
    probs = {}
    in_block = False
    for line in open(log, encoding="utf-8", errors="replace"):
        if line.startswith("History of actors' winning probabilities"):
            in_block = True
            continue
        if in_block:
            m = re.match(r"^(.*), prob :((?: [0-9.]+)+)\s*$", line)
            if not m:
                break
            probs[m.group(1)] = [float(x) for x in m.group(2).split()]
    names_list = [names[i] for i in range(actors)]
    win = [[probs[n][t] for n in names_list] for t in range(turns)]
    json.dump({"actors": names_list, "positions": pos, "win_probability": win},
              open(out, "w"), indent=None, separators=(",", ":"))
    print(f"{out}: {turns} states, {actors} actors, {dims} dimensions")


if __name__ == "__main__":
    main()
