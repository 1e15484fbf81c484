"""A person's profile is never echoed: every error names the field and what is allowed, never the value.

Each case puts a unique marker where the person's own words go (a value, a
key they chose, the YAML line around a syntax error) and runs `linkwork
route` through the CLI; the marker must appear nowhere in what it prints.
"""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from linkwork.graph.profile import Profile
from pydantic import BaseModel

from linkwork.cli import cli

MARK = "Zq7Mark"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store with the ontology only: enough for the lists a profile is checked against."""
    path = tmp_path_factory.mktemp("privacy") / "store"
    assert CliRunner().invoke(cli, ["--store", str(path), "init"]).exit_code == 0
    return path


def _leaves(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, f in model.model_fields.items():
        ann = f.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out.extend(_leaves(ann, (*prefix, name)))
        else:
            out.append((*prefix, name))
    return out


#: Every field of a profile, nested ones by their path.
FIELDS = _leaves(Profile)
#: Fields whose keys the person chooses: the marker goes in a key as well.
KEYED = {("needs",), ("diagnoses",), ("values",)}


def _put(data: dict, path: tuple[str, ...], value) -> dict:
    node = data
    for p in path[:-1]:
        node = node.setdefault(p, {})
    node[path[-1]] = value
    return data


def _route(store, tmp_path, text: str, name: str = "person.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["--store", str(store), "route", str(p)])


def _never_echoed(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    printed = result.output + (result.stderr or "")
    assert MARK not in printed, printed
    assert "Traceback" not in printed


@pytest.mark.parametrize("path", FIELDS, ids=".".join)
def test_a_wrong_value_in_any_field_is_never_echoed(store, tmp_path, path):
    # the marker, in words a navigator might type, plus a wrong age so that every case fails
    data = _put({"age": "forty"}, path, f"hiv positive, partner {MARK} is violent") if path != ("age",) else \
        {"age": f"forty, {MARK}"}
    result = _route(store, tmp_path, yaml.safe_dump(data))
    assert result.exit_code == 2, result.output
    _never_echoed(result)
    assert "field " in result.output or "not a profile field" in result.output


@pytest.mark.parametrize("path", sorted(KEYED), ids=".".join)
def test_a_key_the_person_chose_is_never_echoed(store, tmp_path, path):
    value = {"values": 1, "diagnoses": "perhaps"}.get(path[0], "severe")
    result = _route(store, tmp_path, yaml.safe_dump(_put({}, path, {f"hiv-{MARK}": value})))
    assert result.exit_code == 2, result.output
    _never_echoed(result)
    assert path[0] in result.output  # the field is named


@pytest.mark.parametrize("path", [("gender",), ("substance_use", "status"), ("substance_use", "substances"),
                                  ("criminal_justice", "status"), ("criminal_justice", "risk_tier")], ids=".".join)
def test_a_value_outside_the_lists_names_the_field_and_what_is_allowed(store, tmp_path, path):
    value = [f"spice from J. Smith {MARK}"] if path[-1] == "substances" else f"spice from J. Smith {MARK}"
    result = _route(store, tmp_path, yaml.safe_dump(_put({}, path, value)))
    assert result.exit_code == 2, result.output
    _never_echoed(result)
    assert f"profile field {'.'.join(path)}: a value given is not one of" in result.output


@pytest.mark.parametrize("text", [
    f"age: 41\nhiv_status: positive {MARK}, partner is violent: yes\n",   # the case: a YAML error on that line
    f"age: 41\nnotes: [unclosed {MARK}\n",
    f'{{"age": 41, "notes": "{MARK}"\n',                                  # JSON, cut short
    f"{MARK}_field: 1\n",                                                 # an unknown key
    f"criminal_justice:\n  {MARK}: yes\n",
    f"- {MARK}\n",                                                        # not a mapping
    f"age: *{MARK}\n",                                                    # an undefined alias, which PyYAML quotes
    "age: 41\n\t" + MARK + "\n",
], ids=["yaml-line", "unclosed", "json", "unknown-key", "unknown-nested-key", "list", "alias", "tab"])
def test_unreadable_profiles_say_where_not_what(store, tmp_path, text):
    result = _route(store, tmp_path, text)
    assert result.exit_code == 2, result.output
    _never_echoed(result)
    assert "person.yaml" in result.output


@pytest.mark.parametrize("area", [f"14 Mill Lane, {MARK}", "PR1 2HE", "pr12he", f"{MARK} Road", "Flat 2", "BB1 6"])
def test_an_address_or_full_postcode_is_refused_not_cut(store, tmp_path, area):
    result = _route(store, tmp_path, json.dumps({"area": area}), "person.json")
    assert result.exit_code == 2, result.output
    _never_echoed(result)
    assert "field area: give a district, town or postcode district only" in result.output
    assert area not in result.output


@pytest.mark.parametrize("area", ["Preston", "PR1", "bb1", "Blackburn with Darwen"])
def test_districts_towns_and_postcode_districts_are_accepted(area):
    assert Profile.model_validate({"area": area}).area == area
