"""Whether a path is something a load can read whole: a regular file of bounded size, or a folder of them.

Every loader reads its file into memory, so a device (``/dev/zero``), a FIFO
or a socket, which may never end, is refused before anything is read, and so
is a file larger than :data:`MAX_SOURCE_BYTES`. A symbolic link is judged by
what it points to.

>>> why_unreadable(Path("/dev/zero"))
'not a regular file but a character device; give a file or a folder of files'
>>> why_unreadable(Path(__file__)) is None
True
"""
from __future__ import annotations

import stat
from pathlib import Path

__all__ = ["why_unreadable", "MAX_SOURCE_BYTES"]

#: The largest file a load reads (2 GB: about 12 million N-Triples statements, ten times
#: the national-size synthetic directory of docs/benchmarks.md). Larger sources are split.
MAX_SOURCE_BYTES = 2_000_000_000

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISSOCK, "a socket"))


def why_unreadable(path: Path) -> str | None:
    """The reason ``path`` cannot be loaded, or None when it can be read (a folder: each file in it)."""
    try:
        st = path.stat()
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        try:
            entries = sorted(path.iterdir())
        except OSError as exc:
            return f"cannot be read: {exc.strerror or exc}"
        for entry in entries:
            reason = None if entry.is_dir() else why_unreadable(entry)
            if reason:
                return f"{entry.name}: {reason}"
        return None
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a file")
        return f"not a regular file but {kind}; give a file or a folder of files"
    if st.st_size > MAX_SOURCE_BYTES:
        return (f"the file is {st.st_size / 1e9:.1f} GB; linkwork reads sources up to {MAX_SOURCE_BYTES / 1e9:g} GB: "
                f"split it into several files and load them together")
    return None
