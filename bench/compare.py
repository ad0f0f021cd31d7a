#!/usr/bin/env python3
"""Puts the figures of an earlier bench/RESULTS.md beside the current ones.

Usage: python3 bench/compare.py OLD_RESULTS.md [bench/RESULTS.md]

Reads every "| tool | median s | MB/s | peak RSS MB |" table of both files,
matches rows by section and tool, and replaces (or appends) the section
"## Beside the previous results" of the current file with one table: the
median seconds and peak RSS before and now, and their ratio. Rows only in
one file are listed with a dash on the other side.
"""
import re
import sys

MARK_BEGIN = "<!-- bench/compare.py -->"
MARK_END = "<!-- /bench/compare.py -->"


def tables(path):
    rows, section, header = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(MARK_BEGIN):
                break
            m = re.match(r"^#{2,3} (.+)$", line)
            if m:
                section, header = m.group(1), None
                continue
            if not line.startswith("|"):
                header = None
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if header is None:
                header = cells
                continue
            if set(line) <= set("|-: "):
                continue
            if header[:2] == ["tool", "median s"] or header[:2] == ["run", "median s"]:
                rows[(section, cells[0])] = (cells[1], cells[3])
    made = ""
    with open(path, encoding="utf-8") as f:
        m = re.search(r"Made by `make bench` \(([^)]*)\)\s*\n(on [^\n]*)", f.read())
        if m:
            made = m.group(1) + ", " + m.group(2).rstrip(".")
    return rows, made


def ratio(now, before):
    try:
        return "%.2f×" % (float(now) / float(before))
    except (ValueError, ZeroDivisionError):
        return "-"


def main():
    old_path = sys.argv[1]
    new_path = sys.argv[2] if len(sys.argv) > 2 else "bench/RESULTS.md"
    old, old_made = tables(old_path)
    new, new_made = tables(new_path)
    out = [MARK_BEGIN, "## Beside the previous results", "",
           f"Before: {old_made or old_path}. Now: {new_made or new_path}.",
           "Medians; a ratio under 1 is faster (or smaller) now. Two runs, possibly on different machines: judge by the",
           "ratios against the floor and the peers within one run, above; this table shows where to look.",
           "", "| section | tool | before s | now s | now / before | before RSS MB | now RSS MB |",
           "|---|---|---|---|---|---|---|"]
    keys = list(new) + [k for k in old if k not in new]
    for key in keys:
        b, n = old.get(key, ("-", "-")), new.get(key, ("-", "-"))
        out.append(f"| {key[0]} | {key[1]} | {b[0]} | {n[0]} | {ratio(n[0], b[0])} | {b[1]} | {n[1]} |")
    out.append(MARK_END)
    text = open(new_path, encoding="utf-8").read()
    block = "\n".join(out)
    if MARK_BEGIN in text:
        text = re.sub(re.escape(MARK_BEGIN) + ".*?" + re.escape(MARK_END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    open(new_path, "w", encoding="utf-8").write(text)
    print(block)


if __name__ == "__main__":
    main()
