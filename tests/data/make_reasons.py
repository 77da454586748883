"""Writes tests/data/reasons.csv with Python's csv module: the responses of
the worked example in tests/integration/stats.rs (billing 45, 5 of them
without an NPS answer; delivery 20; 40 without a reason), shuffled."""
import csv
import random

rows = []
rows += [("billing", 9)] * 10 + [("billing", 6)] * 30 + [("billing", "")] * 5
rows += [("delivery", 9)] * 5 + [("delivery", 7)] * 10 + [("delivery", 6)] * 5
rows += [("", 9)] * 20 + [("", 7)] * 20
random.Random(5).shuffle(rows)
with open("tests/data/reasons.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["response_id", "timestamp", "nps", "reason"])
    for i, (reason, nps) in enumerate(rows, 1):
        out.writerow([i, "2026-03-02T10:00:00+03:00", nps, reason])
