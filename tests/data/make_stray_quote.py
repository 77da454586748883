"""Writes the stray-quote fixtures with Python's csv module.

A 2 000-row export in two quoting styles, each clean, without the row on
line 10, and with a stray quote typed into line 10 as a person editing the
file would: in the minimal style a comment that opens a quote and never
closes it (the next quote is hundreds of lines below), in the quote-all
style text after a closing quote. Run from the repository's root:

    python3 tests/data/make_stray_quote.py
"""

import csv
import io
import random

HEADER = ["response_id", "timestamp", "office", "staff", "channel", "nps",
          "csat", "ces", "staff_answer", "office_answer", "recommend_answer",
          "comment"]
ANSWERS = ["positive", "negative", "silent", "force_majeure", ""]
COMMENTS = ["", "ok", "slow queue", "fast, friendly", 'the "VIP" desk',
            "Санкт-Петербург, 5", "clean"]


def rows():
    rng = random.Random(23)
    for i in range(1, 2001):
        # Quoted comments are rare in the minimal style: the first one
        # after line 10 is far below it.
        comment = rng.choice(COMMENTS) if i > 400 else rng.choice(["", "ok", "clean"])
        yield [f"r{i}", f"2026-03-{1 + i % 28:02d}T09:{i % 60:02d}:00+03:00",
               rng.choice(["Kazan", "Omsk", "Paris, 8e"]) if i > 400 else rng.choice(["Kazan", "Omsk"]),
               f"s{i % 37}", rng.choice(["desk", "phone"]), str(rng.randint(0, 10)),
               str(rng.randint(1, 5)), str(rng.randint(1, 7)), rng.choice(ANSWERS),
               rng.choice(ANSWERS), rng.choice(ANSWERS), comment]


def text(data, quoting):
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=quoting)
    writer.writerow(HEADER)
    writer.writerows(data)
    return out.getvalue()


def write(path, content):
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(content)


def main():
    data = list(rows())
    # Data row 9 is on line 10, the header being line 1.
    for name, quoting in [("minimal", csv.QUOTE_MINIMAL), ("all", csv.QUOTE_ALL)]:
        write(f"tests/data/stray_{name}_without_line_10.csv", text(data[:8] + data[9:], quoting))
        lines = text(data, quoting).split("\r\n")
        if quoting == csv.QUOTE_MINIMAL:
            # The comment (last field) replaced by one that opens a quote.
            lines[9] = lines[9].rsplit(",", 1)[0] + ',"great service'
        else:
            # Text after the comment's closing quote.
            lines[9] = lines[9] + "!"
        write(f"tests/data/stray_{name}.csv", "\r\n".join(lines))


main()
