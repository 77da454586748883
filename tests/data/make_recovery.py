"""Writes tests/data/recovery.csv with Python's csv module: SPEC's hotel
study as CSAT answers. 1 000 customers with no problem (890 satisfied,
score 5; 110 not, score 2), 500 with a problem resolved (470 and 30),
200 with a problem not resolved (100 and 100), in a shuffled order, the
problem labels in mixed case as exports write them."""
import csv
import random

rows = []
for label, satisfied, unsatisfied in [("none", 890, 110), ("Resolved", 470, 30), ("NOT RESOLVED", 100, 100)]:
    rows += [(label, 5)] * satisfied + [(label, 2)] * unsatisfied
random.Random(7).shuffle(rows)
with open("tests/data/recovery.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["response_id", "timestamp", "office", "csat", "problem"])
    for i, (label, score) in enumerate(rows, 1):
        out.writerow([i, "2026-03-%02dT10:00:00+03:00" % (1 + i % 28), "Kazan", score, label])
