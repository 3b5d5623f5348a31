"""Writes a synthetic numeric classification data set with class overlap, as CSV.

usage: synthetic.py ROWS ATTRIBUTES OUT.csv [--classes K] [--seed S]

Each class is a Gaussian blob with its own centre per attribute; the centres are one
standard deviation apart on average, so the classes overlap. Values are rounded to three
decimals (as measured data would be). Fixed seed: the same arguments give the same file.
"""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("rows", type=int)
parser.add_argument("attributes", type=int)
parser.add_argument("out")
parser.add_argument("--classes", type=int, default=3)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

rng = random.Random(args.seed)
centres = [[rng.uniform(-1.5, 1.5) for _ in range(args.attributes)] for _ in range(args.classes)]
with open(args.out, "w") as out:
    out.write(",".join(f"x{a + 1}" for a in range(args.attributes)) + ",class\n")
    for i in range(args.rows):
        c = i % args.classes
        values = (f"{rng.gauss(centres[c][a], 1.0):.3f}" for a in range(args.attributes))
        out.write(",".join(values) + f",c{c}\n")
