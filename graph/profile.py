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

from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkwork.errors import ProfileError

__all__ = ["Profile", "read_profile", "check_profile"]


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
    #: Requirements of a community order or licence (free text keys).
    requirements: list[str] | None = None
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


class Profile(_Part):
    """The person, in the words of the ontology's lists. See ``examples/profiles``."""

    label: str | None = Field(default=None, description="A pseudonym for the printout; never a real name.")
    age: int | None = Field(default=None, ge=0, le=120)
    gender: str | None = None
    area: str | None = Field(default=None, description="A district or town name, area IRI, postcode district such as PR1, or postcode; never an address.")
    needs: dict[str, str] = Field(default_factory=dict, description="need domain -> severity")
    substance_use: SubstanceUse = Field(default_factory=SubstanceUse)
    criminal_justice: CriminalJustice = Field(default_factory=CriminalJustice)
    documents: Documents = Field(default_factory=Documents)
    local_connection: bool | None = None
    intentionally_homeless: bool | None = None
    registered_gp: bool | None = None
    diagnoses: dict[str, bool] = Field(default_factory=dict)
    children: bool | None = None
    preferences: Preferences = Field(default_factory=Preferences)
    values: dict[str, float] = Field(default_factory=dict, description="Good Lives good -> weight")
    current_services: list[str] = Field(default_factory=list)
    as_of: date | None = Field(default=None, description="The date the situation describes (default: today).")

    def fact(self, dimension: str, domain: str | None = None) -> Any:
        """The person's value on a dimension (``None`` when unknown), as criteria compare it."""
        if dimension == "severity":
            return self.needs.get(domain or "")
        if dimension == "diagnosis":
            return self.diagnoses.get(domain or "")
        if dimension == "substance":
            s = self.substance_use.substances
            return None if s is None else frozenset(s)
        return _FACTS[dimension](self) if dimension in _FACTS else None


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
    "diagnoses": ("need", lambda p: list(p.diagnoses)),
    "values": ("good-lives", lambda p: list(p.values)),
}


def check_profile(profile: Profile, schemes: dict[str, frozenset[str]]) -> None:
    """Reject values that are not in the ontology's lists, naming the field and the allowed keys.

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
                raise ProfileError(f"profile field {fld}: {v!r} is not one of {', '.join(sorted(allowed))}")


def read_profile(path: str | Path) -> Profile:
    """Read a profile from YAML or JSON.

    Raises
    ------
    ProfileError
        naming the file, the field and the reason.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path.name}: cannot read the profile: {exc}") from exc
    return parse_profile(data, path.name)


def parse_profile(data: Any, name: str = "profile") -> Profile:
    """Validate a profile given as plain data (from JSON or YAML)."""
    if not isinstance(data, dict):
        raise ProfileError(f"{name}: a profile is a mapping of fields, not {type(data).__name__}")
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ProfileError(f"{name}: field {where}: {first['msg']}") from None
