"""A person's situation, as a navigator describes it. Never stored, never logged.

Every field may be left out, meaning "not known": the eligibility engine then
answers "unknown" and names the question to ask, and an unknown never makes a
service pass. Values are the short keys of the ontology's lists (``on-script``,
``moderate``, ``licence``); :func:`check_profile` rejects unknown keys with the
field that holds them.

>>> p = Profile.model_validate({"age": 41, "needs": {"drugs": "moderate"},
...                             "substance_use": {"substances": ["opiates"], "status": "on-script"}})
>>> p.fact("age"), p.fact("severity", "drugs"), p.fact("severity", "housing")
(41, 'moderate', None)
>>> p.fact("substance")
frozenset({'opiates'})
"""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from linkwork.errors import ProfileError

__all__ = ["Profile", "read_profile", "parse_profile", "check_profile", "MAX_PROFILE_BYTES"]

#: A profile is a few dozen lines; a file larger than this is not one (and is not read).
MAX_PROFILE_BYTES = 256 * 1024


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubstanceUse(_Part):
    substances: list[str] | None = None
    status: str | None = None
    abstinent_months: float | None = Field(default=None, ge=0)


class CriminalJustice(_Part):
    status: str | None = None
    sentence_months: float | None = Field(default=None, ge=0)
    #: When the person is or was released, for the first-72-hours view.
    release: datetime | None = None
    risk_tier: str | None = None
    #: Requirements of the current order or licence (keys of the order-requirement list: drug-rehabilitation,
    #: alcohol-treatment, mental-health-treatment...); the order itself is ``status`` (community-order, licence...).
    requirements: list[str] | None = None
    #: Categories (keys of the offence-category list: arson, sexual, violent...) of the index offence and of
    #: previous offences; never the offence itself. An empty list means none of these kinds.
    index_offences: list[str] | None = None
    previous_offences: list[str] | None = None
    #: Where the person is now on the chain (a touchpoint type key such as police-custody, or a touchpoint IRI).
    touchpoint: str | None = None


class Documents(_Part):
    photo_id: bool | None = None
    bank_account: bool | None = None


class Preferences(_Part):
    secular: bool | None = None
    women_only: bool | None = None
    men_only: bool | None = None
    online: bool | None = None
    #: How far the person can travel, in kilometres.
    max_travel_km: float | None = Field(default=None, ge=0)
    #: Days they can attend, 0 = Sunday.
    days: list[int] | None = None
    #: True when the person does not want their recovery visible in their home town.
    private: bool | None = None
    has_car: bool | None = None
    #: What the person wants from mutual aid (keys of the mutual-aid-help list: step-work, self-management, sharing).
    mutual_aid_help: list[str] | None = None
    #: Kinds of group the person wants (keys of the group-kind list: women, men, lgbtq, young-people, polish...);
    #: women_only and men_only ask for women's and men's groups too.
    group_kinds: list[str] | None = None


class Profile(_Part):
    """The person, in the words of the ontology's lists. See ``examples/profiles``."""

    label: str | None = Field(default=None, description="A pseudonym for the printout; never a real name.")
    age: int | None = Field(default=None, ge=0, le=120)
    date_of_birth: date | None = Field(default=None, description="Lets a plan dated later age the person; never shown or stored.")
    gender: str | None = None
    area: str | None = Field(default=None, description="A district or town name, area IRI, or postcode district such as PR1; never an address or a full postcode.")
    needs: dict[str, str] = Field(default_factory=dict, description="need domain -> severity")
    substance_use: SubstanceUse = Field(default_factory=SubstanceUse)
    criminal_justice: CriminalJustice = Field(default_factory=CriminalJustice)
    documents: Documents = Field(default_factory=Documents)
    local_connection: bool | None = None
    intentionally_homeless: bool | None = None
    registered_gp: bool | None = None
    diagnoses: dict[str, bool] = Field(default_factory=dict)
    children: bool | None = None
    care_leaver: bool | None = None
    wanted_services: list[str] | None = Field(default=None, description="Kinds of service the person asks for (service-type keys).")
    preferences: Preferences = Field(default_factory=Preferences)
    values: dict[str, float] = Field(default_factory=dict, description="Good Lives good -> weight")
    current_services: list[str] = Field(default_factory=list)
    as_of: date | None = Field(default=None, description="The date the situation describes (default: today).")

    def age_on(self, day: date) -> int | None:
        """The person's age on ``day``: from the date of birth, or the age on ``as_of`` moved on by whole
        years (a lower bound between anniversaries: the birthday is not known)."""
        if self.date_of_birth is not None:
            return _years(self.date_of_birth, day)
        if self.age is None or self.as_of is None:
            return self.age
        if day >= self.as_of:
            return self.age + _years(self.as_of, day)
        return max(0, self.age - _years(day, self.as_of))

    def aged(self, day: date) -> Profile:
        """The profile as of ``day``: the same person, their age moved with the date."""
        age = self.age_on(day)
        return self if age == self.age else self.model_copy(update={"age": age})

    def reaches(self, age: int) -> tuple[date, bool] | None:
        """When the person turns ``age`` (and whether that day is exact: only a date of birth makes it so);
        without a birth date, the last day it can be."""
        if self.date_of_birth is not None:
            return _add_years(self.date_of_birth, age), True
        if self.age is None:
            return None
        base = self.as_of or date.today()
        if age <= self.age:
            return base, False
        return _add_years(base, age - self.age), False

    @field_validator("area")
    @classmethod
    def _district_only(cls, value: str | None) -> str | None:
        from linkwork.graph.places import looks_like_address

        if value is not None and looks_like_address(value):
            raise ValueError(AREA_ONLY)
        return value

    def fact(self, dimension: str, domain: str | None = None) -> Any:
        """The person's value on a dimension (``None`` when unknown), as criteria compare it."""
        if dimension == "severity":
            return self.needs.get(domain or "")
        if dimension == "diagnosis":
            return self.diagnoses.get(domain or "")
        if dimension == "substance":
            s = self.substance_use.substances
            return None if s is None else frozenset(s)
        if dimension == "offence-category":
            cj = self.criminal_justice
            if cj.index_offences is None and cj.previous_offences is None:
                return None
            return frozenset(cj.index_offences or ()) | frozenset(cj.previous_offences or ())
        if dimension == "order-requirement":
            r = self.criminal_justice.requirements
            return None if r is None else frozenset(r)
        return _FACTS[dimension](self) if dimension in _FACTS else None


def _years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (an age).

    >>> _years(date(2009, 3, 1), date(2027, 2, 28)), _years(date(2009, 3, 1), date(2027, 3, 1))
    (17, 18)
    """
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, month=3, day=1)


_FACTS = {
    "age": lambda p: p.age,
    "gender": lambda p: p.gender,
    "use-status": lambda p: p.substance_use.status,
    "abstinence-months": lambda p: p.substance_use.abstinent_months,
    "cj-status": lambda p: p.criminal_justice.status,
    "sentence-months": lambda p: p.criminal_justice.sentence_months,
    "risk-tier": lambda p: p.criminal_justice.risk_tier,
    "photo-id": lambda p: p.documents.photo_id,
    "bank-account": lambda p: p.documents.bank_account,
    "local-connection": lambda p: p.local_connection,
    "intentionally-homeless": lambda p: p.intentionally_homeless,
    "registered-gp": lambda p: p.registered_gp,
    "parent": lambda p: p.children,
    "care-leaver": lambda p: p.care_leaver,
    "wanted-service-type": lambda p: None if p.wanted_services is None else frozenset(p.wanted_services),
    "mutual-aid-help": lambda p: None if p.preferences.mutual_aid_help is None else frozenset(p.preferences.mutual_aid_help),
}

#: profile field -> (scheme key, how to read it) for checking keys against the ontology.
_KEYED = {
    "gender": ("gender", lambda p: [p.gender]),
    "needs": ("need", lambda p: list(p.needs)),
    "needs (severity)": ("severity", lambda p: list(p.needs.values())),
    "substance_use.substances": ("substance", lambda p: p.substance_use.substances or []),
    "substance_use.status": ("use-status", lambda p: [p.substance_use.status]),
    "criminal_justice.status": ("cj-status", lambda p: [p.criminal_justice.status]),
    "criminal_justice.risk_tier": ("risk", lambda p: [p.criminal_justice.risk_tier]),
    "criminal_justice.index_offences": ("offence-category", lambda p: p.criminal_justice.index_offences or []),
    "criminal_justice.previous_offences": ("offence-category", lambda p: p.criminal_justice.previous_offences or []),
    "preferences.mutual_aid_help": ("mutual-aid-help", lambda p: p.preferences.mutual_aid_help or []),
    "wanted_services": ("service-type", lambda p: p.wanted_services or []),
    "preferences.group_kinds": ("group-kind", lambda p: p.preferences.group_kinds or []),
    "criminal_justice.requirements": ("order-requirement", lambda p: p.criminal_justice.requirements or []),
    "diagnoses": ("need", lambda p: list(p.diagnoses)),
    "values": ("good-lives", lambda p: list(p.values)),
}


#: What an area may be, said whenever a profile's area is refused.
AREA_ONLY = ("give a district, town or postcode district only (such as Preston or PR1), "
             "never a street address or a full postcode")

#: Fields whose keys the person chooses (need domains, diagnoses, goods): a key is named by its field only.
_FREE_KEYS = {"needs": "a need domain", "diagnoses": "a need domain", "values": "a Good Lives good"}


def check_profile(profile: Profile, schemes: dict[str, frozenset[str]]) -> None:
    """Reject values that are not in the ontology's lists, naming the field and the allowed keys
    (never the value given: it is about a person).

    Raises
    ------
    ProfileError
    """
    for fld, (scheme, read) in _KEYED.items():
        allowed = schemes.get(scheme)
        if not allowed:
            continue
        for v in read(profile):
            if v is not None and v not in allowed:
                raise ProfileError(f"profile field {fld}: a value given is not one of {', '.join(sorted(allowed))}")


def read_profile(path: str | Path) -> Profile:
    """Read a profile from YAML or JSON.

    Every message names the file, the line where it can and the field, and says
    what is allowed; none quotes what the person's profile says (not the value,
    not the YAML line, not an unknown key), since it is about a person.

    Raises
    ------
    ProfileError
        naming the file, the field and the reason.
    """
    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise ProfileError(f"{name}: {path.stat().st_size:,} bytes is too large for a profile "
                               f"(at most {MAX_PROFILE_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{name}: cannot read the profile ({exc.strerror or type(exc).__name__})") from None
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError(f"{name}: line {line}: the profile is not UTF-8 text (save it as UTF-8)") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
        raise ProfileError(f"{name}: {where}not valid YAML or JSON ({_unquoted(exc.problem or 'syntax error')})") from None
    except (yaml.YAMLError, RecursionError, ValueError):
        raise ProfileError(f"{name}: not valid YAML or JSON") from None
    return parse_profile(data, name, _lines(node))


def _unquoted(problem: str) -> str:
    """A YAML parser's problem without the text it quotes (a character, an alias name: the person's words)."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", "...", problem).strip()


def _lines(node) -> dict[tuple, int]:
    """path of keys and indexes -> the line (1-based) it is on, from a composed YAML document."""
    out: dict[tuple, int] = {}
    stack: list[tuple[tuple, Any]] = [((), node)]
    while stack:
        path, n = stack.pop()
        if n is None or len(path) > 8:
            continue
        out.setdefault(path, n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else None
                out.setdefault((*path, key), k.start_mark.line + 1)
                stack.append(((*path, key), v))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                stack.append(((*path, i), v))
    return out


def parse_profile(data: Any, name: str = "profile", lines: dict[tuple, int] | None = None) -> Profile:
    """Validate a profile given as plain data (from JSON or YAML); ``lines`` locates fields in the file.

    Raises
    ------
    ProfileError
        naming the field (by its place, for a key the person chose) and what is allowed, never the value.

    >>> parse_profile({"age": "forty-one, lives at 14 Mill Lane"})
    Traceback (most recent call last):
    linkwork.errors.ProfileError: profile: field age: Input should be a valid integer, unable to parse string as an integer
    >>> parse_profile({"area": "14 Mill Lane"})
    Traceback (most recent call last):
    linkwork.errors.ProfileError: profile: field area: give a district, town or postcode district only (such as Preston or PR1), never a street address or a full postcode
    """
    if not isinstance(data, dict):
        what = "nothing" if data is None else "a list" if isinstance(data, list) else "a single value"
        raise ProfileError(f"{name}: a profile is a mapping of fields (field: value, one a line), not {what}")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        raise ProfileError(_message(name, first, data, lines or {})) from None
    _check_birth(profile, name, lines or {})
    return profile


def _check_birth(profile: Profile, name: str, lines: dict[tuple, int]) -> None:
    """A date of birth must lie before the profile's date and agree with its age (never quoting either).

    >>> parse_profile({"age": 17, "date_of_birth": "1990-05-01", "as_of": "2026-11-24"})
    Traceback (most recent call last):
    linkwork.errors.ProfileError: profile: field date_of_birth: does not agree with age on the profile's as_of date (give one of them)
    """
    born = profile.date_of_birth
    if born is None:
        return
    line = lines.get(("date_of_birth",))
    at = f"line {line}: " if line else ""
    day = profile.as_of or date.today()
    if born > day:
        raise ProfileError(f"{name}: {at}field date_of_birth: must be before the profile's as_of date (or today)")
    if profile.age is not None and _years(born, day) != profile.age:
        raise ProfileError(f"{name}: {at}field date_of_birth: does not agree with age on the profile's as_of date "
                           f"(give one of them)")


def _message(name: str, error: Any, data: dict, lines: dict[tuple, int]) -> str:
    """One pydantic error in words that name the field and what is allowed, never what was given."""
    loc = tuple(error["loc"])
    fields: list[str] = []
    model: type[BaseModel] | None = Profile
    for i, part in enumerate(loc):
        if model is not None and isinstance(part, str) and part in model.model_fields:
            fields.append(part)
            annotation = model.model_fields[part].annotation
            model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
            if part in _FREE_KEYS and len(loc) > i + 1:
                fields.append(f"({_FREE_KEYS[part]} given)")
                break
        elif isinstance(part, int):
            fields.append(f"item {part + 1}")
        else:
            break
    line = lines.get(loc) or lines.get(loc[: len(fields)])
    at = f"line {line}: " if line else ""
    where = ".".join(f for f in fields if not f.startswith("(")) or "the profile"
    if any(f.startswith("(") for f in fields):
        where += " " + next(f for f in fields if f.startswith("("))
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(model.model_fields) if model is not None else ""
        return f"{name}: {at}{where if fields else 'the profile'} has a field that is not a profile field" + (
            f"; the fields there are: {allowed}" if allowed else "")
    msg = str(error["msg"]).removeprefix("Value error, ")
    if _echoes(msg, data):
        msg = "not a valid value here"
    return f"{name}: {at}field {where}: {msg}"


def _echoes(message: str, data: object) -> bool:
    """Whether ``message`` quotes any text (of three characters or more) from the profile's values or keys."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif item is not None and not isinstance(item, bool) and len(str(item)) >= 3 and str(item) in message:
            return True
    return False
