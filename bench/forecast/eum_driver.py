#!/usr/bin/env python3
"""Run the open Python replication of the expected-utility model (Scholz, Calbert & Smith 2011;
github.com/dmasad/bdm-scholz-expected-utility-model) on one input and print every actor's
position per round as JSON, with the wall time of one run (reading the CSV excluded).

Usage: eum_driver.py REPLICATION_DIR FILE.csv ROUNDS
"""
import csv
import json
import sys
import time


def main():
    repo, path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.path.insert(0, repo)
    import bdm_scholz_model as m  # noqa: E402  (the peer program)

    rows = list(csv.DictReader(open(path, newline="")))
    t0 = time.perf_counter()
    model = m.BDMScholzModel(rows, verbose=False)
    positions = [[a.x for a in model.actors]]
    for _ in range(rounds):
        model.update_risk_aversions()
        model.update_positions()
        positions.append([a.x for a in model.actors])
    seconds = time.perf_counter() - t0
    print(json.dumps({"positions": positions, "seconds": seconds}))


if __name__ == "__main__":
    main()
