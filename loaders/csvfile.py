"""Reading a CSV table strictly, for every loader that takes CSV (HSDS/ORUK packages, the workbook's sheets).

A cell is read only where it can be read exactly: a row with fewer cells
than the header (a dropped comma moves every later value one column left,
and a dropped ``confidential`` cell would make a refuge public) or with more,
an unterminated quote, a value under a column with no name, a column named
twice and a cell longer than :data:`MAX_CELL` characters are located errors,
never blanks or guesses. Blank lines are skipped; row numbers count the
header as row 1, as a spreadsheet shows them.

>>> problems = []
>>> grid = read_csv_text("id,name,confidential\\nr1,Refuge\\nr2,Hub,no\\n", lambda n, col, why: problems.append((n, col, why)))
>>> grid
[(1, ['id', 'name', 'confidential']), (3, ['r2', 'Hub', 'no'])]
>>> problems
[(2, None, 'the row has 2 cells but the header has 3 columns: a cell is missing (was a comma or a quote dropped?)')]
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from linkwork.loaders.textfile import NotUtf8, decode_utf8

__all__ = ["read_csv", "read_csv_text", "MAX_CELL", "Report", "Grid"]

#: The longest cell read, in characters: what a spreadsheet cell can hold (Excel's limit). Longer cells
#: are refused with a message (Python's csv module would otherwise fail at 131,072 without saying where).
MAX_CELL = 32_767

#: Called with (row number, column name or None, reason) for each problem found.
Report = Callable[[int, "str | None", str], None]
#: (row number, cells) for the header and every row read cleanly.
Grid = list[tuple[int, list[str]]]


def read_csv(path: Path, report: Report) -> Grid | None:
    """The header and the rows of a CSV file, or None (with the reason reported) if it cannot be read at all."""
    try:
        _, text = decode_utf8(Path(path).read_bytes(), hint="save it as CSV UTF-8")
    except NotUtf8 as exc:
        report(exc.line, None, exc.reason)
        return None
    if not text.strip():
        report(1, None, "the file is empty: not even a header row")
        return None
    return read_csv_text(text, report)


def read_csv_text(text: str, report: Report) -> Grid:
    """:func:`read_csv` on text already decoded."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    grid: Grid = []
    header: list[str] | None = None
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            n += 1
            why = str(exc)
            if "field larger than field limit" in why:
                why = f"a cell is longer than {MAX_CELL:,} characters, the most a cell may hold"
            else:
                why = f"not valid CSV: {why} (the rest of the file is not read)"
            report(n, None, why)
            break
        n += 1
        if not any(c.strip() for c in row):
            if header is None and row:
                report(n, None, "the header row is blank")
                return grid
            continue
        if header is None:
            header = [c.strip() for c in row]
            if _header_ok(header, n, report):
                grid.append((n, header))
                continue
            return grid
        if _row_ok(row, header, n, report):
            grid.append((n, row))
    return grid


def _header_ok(header: list[str], n: int, report: Report) -> bool:
    ok = True
    seen: set[str] = set()
    for name in header:
        if len(name) > MAX_CELL:
            report(n, None, f"a column name is longer than {MAX_CELL:,} characters")
            return False
        if name and name in seen:
            report(n, name, f"the column {name!r} is named twice in the header")
            ok = False
        seen.add(name)
    return ok


def _row_ok(row: list[str], header: list[str], n: int, report: Report) -> bool:
    if len(row) != len(header):
        if len(row) < len(header):
            report(n, None, f"the row has {len(row)} cells but the header has {len(header)} columns: "
                   "a cell is missing (was a comma or a quote dropped?)")
        else:
            report(n, None, f"the row has {len(row)} cells but the header has {len(header)} columns: "
                   "more cells than columns (was a comma added, or a quote dropped?)")
        return False
    ok = True
    for i, (name, cell) in enumerate(zip(header, row)):
        if len(cell) > MAX_CELL:
            report(n, name or f"column {i + 1}", f"the cell holds {len(cell):,} characters; the most a cell may hold "
                   f"is {MAX_CELL:,} (a spreadsheet's limit)")
            ok = False
        elif not name and cell.strip():
            report(n, f"column {i + 1}", "a value under a column with no name in the header")
            ok = False
    return ok
