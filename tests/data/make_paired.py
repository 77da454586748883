"""Writes tests/data/paired.csv with Python's csv module: 120 customers
asked before and after contact with support (phase column), some twice
on a side (the last before and the first after count), 10 before only, 6
after only, and 5 rows with another phase label."""
import csv
import random

rng = random.Random(11)
rows = []
def row(customer, phase, day, nps, csat, ces):
    rows.append([customer, phase, "2026-03-%02dT%02d:00:00+03:00" % (day, 9 + rng.randrange(8)), nps, csat, ces])

for c in range(120):
    key = "C%03d" % c
    base = rng.randrange(11)
    lift = rng.choice([-2, -1, 0, 0, 1, 1, 2, 3])
    csat = 1 + rng.randrange(5)
    ces = 1 + rng.randrange(7)
    if c % 7 == 0:  # an earlier answer before, superseded by the later one
        row(key, "before", 1, rng.randrange(11), 1 + rng.randrange(5), 1 + rng.randrange(7))
    row(key, "Before", 3, base, csat, ces)
    row(key, "AFTER", 20, max(0, min(10, base + lift)), max(1, min(5, csat + lift // 2)), max(1, min(7, ces + rng.choice([-1, 0, 1]))))
    if c % 9 == 0:  # a later answer after, not the first
        row(key, "after", 27, rng.randrange(11), 1 + rng.randrange(5), 1 + rng.randrange(7))
for c in range(120, 130):
    row("C%03d" % c, "before", 4, rng.randrange(11), 3, 4)
for c in range(130, 136):
    row("C%03d" % c, "after", 22, rng.randrange(11), 4, 5)
for c in range(5):
    row("C%03d" % c, "during", 10, 5, 3, 3)
rng.shuffle(rows)
with open("tests/data/paired.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["customer", "phase", "timestamp", "nps", "csat", "ces"])
    out.writerows(rows)
