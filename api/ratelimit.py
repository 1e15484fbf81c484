"""Per-key rate limits: a key (or, without one, a client address) that sends too much gets 429
with ``Retry-After``, so one busy partner system cannot starve the rest.

Limits are data: each role has a default (:data:`DEFAULT_RATES`), a key may carry
its own (``linkwork keys add --rate-limit 1200/minute``), and the server may be
given others (``LINKWORK_RATE_LIMITS="public=30/minute,navigator=600/minute"``).
Counts are kept in memory per server process, in a moving window
(the ``limits`` package), so with ``--workers N`` each worker counts on its own.

>>> rates = RateLimits({"public": "2/minute"})
>>> [rates.hit("public", "client:127.0.0.1") for _ in range(3)][:2]
[None, None]
>>> rates.hit("public", "client:127.0.0.1") > 0
True
"""
from __future__ import annotations

import math
import time
from collections.abc import Mapping

from limits import RateLimitItem, parse, storage, strategies
from linkwork.api.keys import ROLES, KeysError, parse_rate

__all__ = ["DEFAULT_RATES", "RateLimits", "rates_from_text"]

#: Requests allowed per role by default: anyone browsing the open directory, a navigator's
#: case-management system, an analyst, an editor's tools.
DEFAULT_RATES: dict[str, str] = {"public": "120/minute", "navigator": "600/minute", "commissioner": "600/minute",
                                 "editor": "600/minute", "admin": "1200/minute"}


def rates_from_text(text: str) -> dict[str, str]:
    """``"public=30/minute,navigator=600/minute"`` as a mapping; empty text gives the defaults.

    >>> rates_from_text("public=30/minute")["public"], rates_from_text("")["navigator"]
    ('30/minute', '600/minute')
    """
    out = dict(DEFAULT_RATES)
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, _, rate = part.partition("=")
        if role.strip() not in ROLES:
            raise KeysError(f"rate limits: {role.strip()!r} is not a role ({', '.join(ROLES)})")
        out[role.strip()] = parse_rate(rate)
    return out


class RateLimits:
    """Counts requests per caller; :meth:`hit` says how long to wait when one is over its limit."""

    def __init__(self, rates: Mapping[str, str] | None = None):
        self.rates = {**DEFAULT_RATES, **(rates or {})}
        self._items: dict[str, RateLimitItem] = {}
        self._limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())

    def _item(self, rate: str) -> RateLimitItem:
        item = self._items.get(rate)
        if item is None:
            item = self._items[rate] = parse(rate)
        return item

    def hit(self, role: str, caller: str, rate: str | None = None) -> int | None:
        """Count one request by ``caller``; None if allowed, else the seconds until it would be."""
        item = self._item(rate or self.rates[role])
        if self._limiter.hit(item, caller):
            return None
        reset = self._limiter.get_window_stats(item, caller).reset_time
        return max(1, math.ceil(reset - time.time()))
