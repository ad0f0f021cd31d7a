"""The openpyxl way to strip columns from a workbook, for make bench:
stream the first sheet read-only, write the kept columns write-only.
Usage: openpyxl_strip.py IN.xlsx OUT.xlsx "Col A,Col B,..." (the columns to drop).
Prints the number of data rows written."""
import sys

from openpyxl import Workbook, load_workbook

src, dst, drop = sys.argv[1], sys.argv[2], set(sys.argv[3].split(","))
book = load_workbook(src, read_only=True)
sheet = book.worksheets[0]
sheet.reset_dimensions()  # trust the rows, not the <dimension> the file declares
out = Workbook(write_only=True)
target = out.create_sheet(sheet.title)
rows = sheet.iter_rows(values_only=True)
header = next(rows)
keep = [i for i, name in enumerate(header) if name not in drop]
target.append([header[i] for i in keep])
n = 0
for row in rows:
    target.append([row[i] if i < len(row) else None for i in keep])
    n += 1
out.save(dst)
print(n)
