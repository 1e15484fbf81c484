"""The ``--report FILE`` of a load: every refused record (or, for a failed load, every error) as JSON or CSV.

A navigator's team fixes a feed from this list, so it names each record by
where it begins in its source and gives every reason, located as the load's
messages are (``file:pointer-or-row: field: reason``).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from linkwork.loaders.pipeline import LoadReport

from linkwork.errors import LinkworkError, Problem

__all__ = ["write_report", "report_rows", "COLUMNS"]

#: The CSV report's columns; ``outcome`` is ``refused`` (left out, the rest loaded) or ``error`` (nothing stored).
COLUMNS = ("file", "record", "where", "field", "reason", "outcome")


def report_rows(reports: Sequence[LoadReport], errors: Sequence[Problem] = ()) -> list[dict[str, str]]:
    """One row per reason: the refused records of each report, then the errors of a failed load.

    >>> from linkwork.loaders.pipeline import Refused
    >>> r = LoadReport("urn:x", Path("feed.json"), "meeting-guide", refused=[Refused("/3", (Problem("feed.json", "/3/day", "day", "7 is not a day"),))])
    >>> report_rows([r])[0]["reason"], report_rows([r])[0]["record"]
    ('7 is not a day', '/3')
    """
    rows = []
    for r in reports:
        for refused in r.refused:
            for p in refused.problems:
                rows.append({"file": str(r.path), "record": refused.record, "where": p.where or "", "field": p.field or "",
                             "reason": p.reason, "outcome": "refused"})
    for p in errors:
        rows.append({"file": p.source, "record": "", "where": p.where or "", "field": p.field or "",
                     "reason": p.reason, "outcome": "error"})
    return rows


def write_report(path: Path, reports: Sequence[LoadReport], errors: Sequence[Problem] = (), *, stored: bool) -> None:
    """Write the report, as CSV if ``path`` ends in ``.csv``, else JSON.

    Raises
    ------
    LinkworkError
        if the file cannot be written.
    """
    path = Path(path)
    try:
        if path.suffix.lower() == ".csv":
            with open(path, "w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(fh, COLUMNS)
                w.writeheader()
                w.writerows(report_rows(reports, errors))
            return
        doc = {
            "stored": stored,
            "sources": [{"file": str(r.path), "source": r.source, "format": r.format, "records": r.records,
                         "accepted": r.records - len(r.refused) if r.records else None, "dry_run": r.dry_run,
                         "refused": [{"record": x.record,
                                      "reasons": [{"where": p.where, "field": p.field, "reason": p.reason} for p in x.problems]}
                                     for x in r.refused]}
                        for r in reports],
            "errors": [{"file": p.source, "where": p.where, "field": p.field, "reason": p.reason} for p in errors],
        }
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise LinkworkError(f"{path}: cannot write the report ({exc.strerror or exc})") from exc
