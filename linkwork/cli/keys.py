"""`linkwork keys`: make, list and revoke the API keys of a store."""
from __future__ import annotations

import json

import click

from linkwork.api.keys import ROLES


def _keyfile(obj):
    from linkwork.api.keys import KeyFile, KeysError, keys_path

    path = keys_path(obj.store_path)
    if path is None:
        raise KeysError("keys live beside a store on disk: give --store or set LINKWORK_KEYS")
    return KeyFile(path)


@click.group()
def keys() -> None:
    """Make, list and revoke API keys for `linkwork serve`.

    Each key carries one role: public, navigator, commissioner, editor or
    admin, each with everything the roles before it have. A key is shown
    once, when it is made; only its scrypt hash is kept, in a file beside the
    store (STORE.keys.json, or $LINKWORK_KEYS), never inside it or its exports.
    Send it as `Authorization: Bearer KEY` or `X-API-Key: KEY`.

    \b
    Examples:
      linkwork keys add --role navigator --label "Preston drop-in desk"
      linkwork keys list
      linkwork keys revoke "Preston drop-in desk"
    """


@keys.command("add")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the key may do.")
@click.option("--label", required=True, help="Who holds it (a team or system, not a person's private details).")
@click.option("--rate-limit", metavar="N/PERIOD", help="Requests allowed per second, minute, hour or day (default: the role's).")
@click.pass_obj
def add(obj, role: str, label: str, rate_limit: str | None) -> None:
    """Make a key and print it once."""
    made = _keyfile(obj).add(role=role, label=label, rate_limit=rate_limit)
    click.echo(made.token)
    click.echo(f"key {made.key.id} ({role}, {made.key.label!r}) made; it is shown only now: keep it safe.", err=True)


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def list_(obj, as_json: bool) -> None:
    """Every key with its role, label and dates (never the key)."""
    rows = [k.public() for k in _keyfile(obj).all()]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("no keys; make one with `linkwork keys add --role R --label L`")
    for r in rows:
        state = f"revoked {r['revoked']}" if r["revoked"] else "live"
        click.echo(f"{r['id']}  {r['role']:<12} {state:<28} {r['label']}" + (f"  [{r['rate_limit']}]" if r["rate_limit"] else ""))


@keys.command("revoke")
@click.argument("ident", metavar="ID_OR_LABEL")
@click.pass_obj
def revoke(obj, ident: str) -> None:
    """Revoke a key by its id or label; it stops working at once, also in a running server."""
    key = _keyfile(obj).revoke(ident)
    click.echo(f"key {key.id} ({key.label!r}) revoked at {key.revoked}")
