"""Writes hostile_keys.csv with Python's csv module (QUOTE_MINIMAL, CRLF
line ends, as the module writes by default): office names that a
spreadsheet would run as formulas, that steer a terminal, or that are the
words a report uses itself. Run from the repository's root:

    python3 tests/data/make_hostile_keys.py

Each office's NPS scores, for working out the expected values by hand:

| office                       | scores    | NPS       |
|------------------------------|-----------|-----------|
| =HYPERLINK("http://x","y")   | 9         | 100       |
| +cmd                         | 0         | -100      |
| -x                           | 7         | 0         |
| @sum(1)                      | 10        | 100       |
| <tab>tab                     | 8         | 0         |
| <cr>cr                       | 3         | -100      |
| -12.5                        | 9         | 100       |
| total                        | 9, 9, 0   | 100/3     |
| (none)                       | 10        | 100       |
| (empty: no office)           | 0, 6      | -100      |
| <esc>[31mred<esc>[0m         | 9         | 100       |
| <U+202E>evil                 | 10        | 100       |

All 15 rows: 8 promoters (9, 9, 9, 9, 9, 10, 10, 10), 2 passives (7, 8),
5 detractors (0, 0, 0, 3, 6): NPS 100 * (8 - 5) / 15 = 20.
"""

import csv

ROWS = [
    ('=HYPERLINK("http://x","y")', 9),
    ("+cmd", 0),
    ("-x", 7),
    ("@sum(1)", 10),
    ("\ttab", 8),
    ("\rcr", 3),
    ("-12.5", 9),
    ("total", 9),
    ("total", 9),
    ("total", 0),
    ("(none)", 10),
    ("", 0),
    ("", 6),
    ("\x1b[31mred\x1b[0m", 9),
    ("\u202eevil", 10),
]

with open("tests/data/hostile_keys.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f)
    out.writerow(["office", "timestamp", "nps"])
    for office, nps in ROWS:
        out.writerow([office, "2026-03-02T10:00:00+03:00", nps])
