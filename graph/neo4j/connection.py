"""One connection to a Neo4j database, with every driver failure turned into a clear message.

The driver's exceptions name the protocol, not the user's mistake; this module says which:
the server is not reachable, the password is wrong, the database does not exist. The password
never appears in a message.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from linkwork.errors import LinkworkError

__all__ = ["Neo4jError", "Settings", "Connection", "connect", "settings_from_env"]


#: The address schemes of the Bolt protocol (direct, routing to a cluster or Aura; with TLS).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jError(LinkworkError):
    """Neo4j could not be reached or refused a request; the message says why and what to check."""


@dataclass(frozen=True)
class Settings:
    """Where the graph lives. ``database=None`` is the server's default database."""

    uri: str = "bolt://localhost:7687"
    username: str = "neo4j"
    password: str | None = None
    database: str | None = None

    def where(self) -> str:
        """The server and database, for messages (never the password)."""
        return f"{self.uri}" + (f" database {self.database!r}" if self.database else " (default database)")


def settings_from_env(env: dict[str, str] | None = None, **given: Any) -> Settings:
    """Settings from keyword values where given, else ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``.

    >>> settings_from_env({"NEO4J_URI": "bolt://db:7687", "NEO4J_DATABASE": "lw"}, username="analyst").where()
    "bolt://db:7687 database 'lw'"
    """
    source: Mapping[str, str] = os.environ if env is None else env
    pick = {k: given.get(k) or source.get(f"NEO4J_{k.upper()}") for k in ("uri", "username", "password", "database")}
    return Settings(**{k: v for k, v in pick.items() if v})


class Connection:
    """A driver bound to one database; run Cypher through :meth:`run` or :meth:`transaction`."""

    def __init__(self, settings: Settings) -> None:
        import neo4j

        self.settings = settings
        scheme = settings.uri.partition("://")[0]
        if scheme not in SCHEMES:
            raise Neo4jError(f"cannot use {settings.uri!r} as a Neo4j address: it should start with "
                             f"{', '.join(s + '://' for s in SCHEMES)}")
        auth = (settings.username, settings.password) if settings.password is not None else None
        try:
            self.driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=10,
                                                     max_transaction_retry_time=5)
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise Neo4jError(f"cannot use {settings.uri!r} as a Neo4j address: {exc}") from None

    def check(self) -> None:
        """Fail now, clearly, if the server, the credentials or the database are wrong (one try, no retries)."""
        with self._translated(), self.driver.session(database=self.settings.database) as session:
            session.run("RETURN 1 AS ok").consume()

    def run(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """Run one statement in its own transaction; its rows as dicts."""
        with self._translated():
            records, _, _ = self.driver.execute_query(cypher, params, database_=self.settings.database)
            return [r.data() for r in records]

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One explicit transaction: committed when the block ends, rolled back if it raises."""
        with self._translated(), self.driver.session(database=self.settings.database) as session:
            tx = session.begin_transaction()
            try:
                yield tx
            except BaseException:
                tx.rollback()
                raise
            else:
                tx.commit()
            finally:
                tx.close()

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        import neo4j.exceptions as ne

        s = self.settings
        try:
            yield
        except ne.AuthError:
            raise Neo4jError(f"{s.uri} refused user {s.username!r}: wrong user name or password "
                             f"(check --username/--password or NEO4J_USERNAME/NEO4J_PASSWORD)") from None
        except ne.ServiceUnavailable as exc:
            raise Neo4jError(f"cannot reach a Neo4j server at {s.uri}: {_first_line(exc)} "
                             f"(is it running? check --uri or NEO4J_URI)") from None
        except ne.Neo4jError as exc:
            code = exc.code or ""
            if "DatabaseNotFound" in code or "database does not exist" in str(exc).lower():
                raise Neo4jError(f"{s.uri} has no database {s.database!r} (check --database or NEO4J_DATABASE)") from None
            raise Neo4jError(f"{s.where()} refused a request: {exc.message or _first_line(exc)}") from None
        except ne.DriverError as exc:  # session expired, connection dropped mid-transaction, ...
            raise Neo4jError(f"lost the connection to {s.where()}: {_first_line(exc)}; nothing was switched") from None
        except OSError as exc:
            raise Neo4jError(f"cannot reach a Neo4j server at {s.uri}: {exc}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def connect(settings: Settings) -> Connection:
    """A checked connection: raises :class:`Neo4jError` at once if anything is wrong."""
    conn = Connection(settings)
    try:
        conn.check()
    except BaseException:
        conn.close()
        raise
    return conn
