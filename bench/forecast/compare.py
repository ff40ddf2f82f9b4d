#!/usr/bin/env python3
"""Compare two trajectories (JSON with "positions" and optionally "win_probability").

Usage: compare.py PEER.json ENTENTE.json  -> prints "turns=<n>/<m> max_dpos=<x> max_dwin=<y> identical=<yes|no>"
Positions are identical when every coordinate agrees within 1e-9 and the number of turns is the
same; win probabilities (printed by KTAB with 4 decimals) must agree within 5e-5.
"""
import json
import sys


def flat(x):
    if isinstance(x, list):
        for y in x:
            yield from flat(y)
    else:
        yield x


def main():
    peer = json.load(open(sys.argv[1]))
    ours = json.load(open(sys.argv[2]))
    tp, to = len(peer["positions"]), len(ours["positions"])
    dpos = max((abs(a - b) for a, b in zip(flat(peer["positions"]), flat(ours["positions"]))), default=0.0)
    dwin = 0.0
    if "win_probability" in peer and "win_probability" in ours:
        dwin = max(abs(a - b) for a, b in zip(flat(peer["win_probability"]), flat(ours["win_probability"])))
    same = tp == to and dpos <= 1e-9 and dwin <= 5e-5 + 1e-12
    print(f"turns={tp}/{to} max_dpos={dpos:.2e} max_dwin={dwin:.2e} identical={'yes' if same else 'no'}")


if __name__ == "__main__":
    main()
