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


def read_csv(path: Path, report: Report, *, ragged: Report | None = None) -> Grid | None:
    """The header and the rows of a CSV file, or None (with the reason reported) if it cannot be read at all.

    Given ``ragged`` (a second report, for warnings), a row with fewer cells than the header is read
    with the missing trailing cells blank, and a row whose extra cells are all blank without them,
    each reported through ``ragged``: for formats whose trailing columns are all optional (older
    HSDS exports leave them out). A row with extra cells that hold something is still an error.
    """
    try:
        _, text = decode_utf8(Path(path).read_bytes(), hint="save it as CSV UTF-8")
    except NotUtf8 as exc:
        report(exc.line, None, exc.reason)
        return None
    if not text.strip():
        report(1, None, "the file is empty: not even a header row")
        return None
    return read_csv_text(text, report, ragged=ragged)


def read_csv_text(text: str, report: Report, *, ragged: Report | None = None) -> Grid:
    """:func:`read_csv` on text already decoded.

    >>> seen = []
    >>> read_csv_text("id,name,email\\nr1,Hub\\nr2,Cafe,,\\n", seen.append, ragged=lambda n, c, why: seen.append((n, why)))
    [(1, ['id', 'name', 'email']), (2, ['r1', 'Hub', '']), (3, ['r2', 'Cafe', ''])]
    >>> [why.split(":")[0] for _, why in seen]
    ['the row has 2 cells but the header has 3 columns', 'the row has 4 cells but the header has 3 columns']
    """
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
        if ragged is not None and len(row) != len(header):
            row = _evened(row, header, n, ragged)
        if _row_ok(row, header, n, report):
            grid.append((n, row))
    return grid


def _evened(row: list[str], header: list[str], n: int, ragged: Report) -> list[str]:
    """A short row padded with blank cells, or a long one without its blank extra cells (reported)."""
    if len(row) < len(header):
        missing = header[len(row):]
        ragged(n, None, f"the row has {len(row)} cells but the header has {len(header)} columns: read with "
               f"{', '.join(missing[:5])}{' and more' if len(missing) > 5 else ''} blank (trailing cells left out)")
        return row + [""] * len(missing)
    if not any(c.strip() for c in row[len(header):]):
        ragged(n, None, f"the row has {len(row)} cells but the header has {len(header)} columns: "
               "the extra cells are blank and are dropped")
        return row[:len(header)]
    return row


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
