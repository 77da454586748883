"""Writes tests/data/change.csv with Python's csv module: NPS answers over
twenty ISO weeks, 2026-W01 to W20 (Monday 2025-12-29 to Sunday
2026-05-17), a change on Monday 2026-03-09 (W11): promoters become more
likely from then on. 60 to 119 answers a week, and 3 answers without a
date."""
import csv
import datetime
import random

rng = random.Random(23)
start = datetime.date(2025, 12, 29)
rows = []
for week in range(20):
    after = week >= 10
    for i in range(60 + rng.randrange(60)):
        day = start + datetime.timedelta(days=7 * week + rng.randrange(7))
        u = rng.random() + (0.08 if after else 0.0) + 0.004 * week
        score = 10 if u > 0.62 else (8 if u > 0.32 else rng.randrange(7))
        rows.append([day.isoformat() + "T12:00:00+03:00", score])
rows += [["", 10]] * 3
with open("tests/data/change.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["timestamp", "nps"])
    out.writerows(rows)
