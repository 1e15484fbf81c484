"""API keys and the roles they carry, kept in a file beside the store.

A key is shown once, when it is made (``linkwork keys add``); the file keeps only
its scrypt hash (a slow, memory-hard hash: a stolen file does not give the keys
back), its label, role, dates and an optional rate limit. The file lives beside
the store, never inside it, so no export of the store and no backup of its
graph carries it: for a store at ``~/.local/share/linkwork/store`` the keys are
``~/.local/share/linkwork/store.keys.json`` (or ``$LINKWORK_KEYS``), written
atomically and readable by its owner only.

Roles are ordered: each has what the ones before it have.

>>> ROLES
('public', 'navigator', 'commissioner', 'editor', 'admin')
>>> allows("commissioner", "navigator"), allows("navigator", "commissioner")
(True, False)
>>> import tempfile, pathlib
>>> keys = KeyFile(pathlib.Path(tempfile.mkdtemp()) / "k.json")
>>> made = keys.add(role="navigator", label="drop-in desk")
>>> keys.verify(made.token).label
'drop-in desk'
>>> keys.revoke("drop-in desk").revoked is not None, keys.verify(made.token)
(True, None)
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from linkwork.errors import LinkworkError

__all__ = ["ROLES", "allows", "ApiKey", "NewKey", "KeyFile", "KeysError", "keys_path", "parse_rate"]

#: The roles, least first; a role has everything the roles before it have.
ROLES = ("public", "navigator", "commissioner", "editor", "admin")
#: scrypt's cost: 2**14 x 8 blocks of 128 bytes (16 MiB), about 50 ms a hash; the parameters
#: are stored with each key, so raising them later leaves older keys readable.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_TOKEN = re.compile(r"lw_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})")
_RATE = re.compile(r"(\d+)\s*/\s*(second|minute|hour|day)")


class KeysError(LinkworkError):
    """A key that cannot be made, found or revoked; the message never holds a key."""


def allows(role: str, needed: str) -> bool:
    """Whether ``role`` has what ``needed`` has."""
    return ROLES.index(role) >= ROLES.index(needed)


def parse_rate(text: str) -> str:
    """A rate limit as ``N/second``, ``N/minute``, ``N/hour`` or ``N/day``.

    >>> parse_rate("120 / minute")
    '120/minute'
    """
    m = _RATE.fullmatch(text.strip().lower())
    if not m or int(m.group(1)) < 1:
        raise KeysError("a rate limit is N/second, N/minute, N/hour or N/day, N at least 1 (e.g. 120/minute)")
    return f"{int(m.group(1))}/{m.group(2)}"


def keys_path(store_path: Path | None) -> Path | None:
    """Where the keys of the store at ``store_path`` live: ``$LINKWORK_KEYS``, else ``<store>.keys.json``."""
    env = os.environ.get("LINKWORK_KEYS")
    if env:
        return Path(env)
    if store_path is None:
        return None
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".keys.json")


@dataclass(frozen=True)
class ApiKey:
    """One key as the file keeps it: never the key itself."""

    id: str
    label: str
    role: str
    created: str
    salt: str
    hash: str
    n: int = _SCRYPT["n"]
    r: int = _SCRYPT["r"]
    p: int = _SCRYPT["p"]
    revoked: str | None = None
    #: e.g. "600/minute"; None: the role's default (linkwork.api.ratelimit)
    rate_limit: str | None = None

    def public(self) -> dict:
        """What ``keys list`` shows: no salt, no hash."""
        return {"id": self.id, "label": self.label, "role": self.role, "created": self.created,
                "revoked": self.revoked, "rate_limit": self.rate_limit}


@dataclass(frozen=True)
class NewKey:
    """A key just made: ``token`` is shown once and kept nowhere."""

    key: ApiKey
    token: str


def _hash(secret: str, salt: bytes, n: int, r: int, p: int) -> str:
    return hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32).hex()


class KeyFile:
    """The keys of one store, read from and written to one JSON file.

    :meth:`verify` hashes a presented key once per process (scrypt is slow on
    purpose) and remembers the answer by a fast digest of it, until the file
    changes: a revocation takes effect on the next request.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._keys: dict[str, ApiKey] = {}
        self._seen: dict[bytes, str | None] = {}

    # ------------------------------------------------------------------ reading
    def all(self) -> list[ApiKey]:
        """Every key, revoked ones too, oldest first."""
        return sorted(self._load().values(), key=lambda k: (k.created, k.id))

    def verify(self, token: str) -> ApiKey | None:
        """The live key ``token`` is, or None (unknown, malformed or revoked)."""
        keys = self._load()
        fast = hashlib.sha256(token.encode()).digest()
        with self._lock:
            if fast in self._seen:
                kid = self._seen[fast]
                return keys.get(kid) if kid else None
        m = _TOKEN.fullmatch(token)
        key = keys.get(m.group(1)) if m else None
        ok = bool(m and key is not None and key.revoked is None and hmac.compare_digest(
            _hash(m.group(2), bytes.fromhex(key.salt), key.n, key.r, key.p), key.hash))
        with self._lock:
            if len(self._seen) > 10_000:  # unknown tokens must not grow memory without bound
                self._seen.clear()
            self._seen[fast] = key.id if ok and key is not None else None
        return key if ok else None

    def _load(self) -> dict[str, ApiKey]:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            with self._lock:
                self._keys, self._stamp, self._seen = {}, None, {}
            return {}
        stamp = (st.st_mtime_ns, st.st_size)
        with self._lock:
            if stamp == self._stamp:
                return self._keys
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))["keys"]
            keys = {r["id"]: ApiKey(**r) for r in rows}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeysError(f"{self.path}: not a linkwork keys file ({type(exc).__name__})") from None
        with self._lock:
            self._keys, self._stamp, self._seen = keys, stamp, {}
        return keys

    # ------------------------------------------------------------------ changing
    def add(self, *, role: str, label: str, rate_limit: str | None = None) -> NewKey:
        """Make a key; the returned token is the only copy of it anywhere."""
        if role not in ROLES:
            raise KeysError(f"role must be one of {', '.join(ROLES)}")
        label = " ".join(label.split())
        if not label:
            raise KeysError("a key needs a label saying who holds it (e.g. 'Preston drop-in desk')")
        rate = parse_rate(rate_limit) if rate_limit else None
        with self._editing() as keys:
            if any(k.label == label and k.revoked is None for k in keys.values()):
                raise KeysError(f"a live key is already labelled {label!r}; revoke it or choose another label")
            kid = secrets.token_hex(6)
            while kid in keys:
                kid = secrets.token_hex(6)
            secret, salt = secrets.token_urlsafe(32), secrets.token_bytes(16)
            n, r, p = _SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"]
            key = ApiKey(kid, label, role, _now(), salt.hex(), _hash(secret, salt, n, r, p), n=n, r=r, p=p, rate_limit=rate)
            keys[kid] = key
        return NewKey(key, f"lw_{kid}_{secret}")

    def revoke(self, ident: str) -> ApiKey:
        """Revoke the live key with this id or label; it is kept, marked with the time, for the record."""
        with self._editing() as keys:
            live = [k for k in keys.values() if ident in (k.id, k.label) and k.revoked is None]
            if not live:
                raise KeysError("no live key with that id or label (see `linkwork keys list`)")
            key = keys[live[0].id] = replace(live[0], revoked=_now())
        return key

    @contextlib.contextmanager
    def _editing(self) -> Iterator[dict[str, ApiKey]]:
        """The keys to change, under a lock, written back atomically (owner-only) if no error."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        with open(lock, "a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            keys = dict(self._load())
            yield keys
            body = json.dumps({"keys": [asdict(k) for k in sorted(keys.values(), key=lambda k: (k.created, k.id))]}, indent=1)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".keys-")
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(body + "\n")
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
        self._load()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
