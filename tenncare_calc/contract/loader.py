"""Loading a contract profile: the shipped Amendment 3 profile, or a user's TOML file.

:func:`load_profile` reads a TOML file (or takes a shipped id) and validates it against the schema
the rule packages declare (:mod:`tenncare_calc.contract.schema`): unknown keys, missing parameters,
bad values and terms are refused with a :class:`~tenncare_calc.core.errors.ProfileError` that names the
file, the parameter and what was wrong. A user's file may ``extends = "amendment-3"`` and replace only
some parameters. The shipped profile's names are checked when it is loaded and each parameter is
parsed (:mod:`~tenncare_calc.contract.profile_blocks`) and built when first read
(:mod:`~tenncare_calc.contract.parameter_map`), so a command imports the rule modules of the tables
it reads and no others; a user's file is parsed and built whole, its mistakes reported at once.

>>> load_profile(overrides={"p4p.pmpm_amount": "0.04"}).get("p4p.pmpm_amount").value
Decimal('0.04')
"""

from __future__ import annotations

__all__ = [
    "BUILTIN_PROFILES",
    "DEFAULT_PROFILE_ID",
    "default_profile",
    "load_profile",
    "resolve_profile",
]

import datetime as dt
import functools
import itertools
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from tenncare_calc.contract.kinds import DATE, convert
from tenncare_calc.contract.parameter_map import Deferred, ParameterMap
from tenncare_calc.contract.parameters import Parameter, ParameterVersion
from tenncare_calc.contract.profile import ContractProfile
from tenncare_calc.contract.profile_blocks import block_table, parameter_blocks, read_toml
from tenncare_calc.contract.schema import SCHEMA
from tenncare_calc.contract.shipped_files import shipped_text
from tenncare_calc.core.errors import ProfileError, did_you_mean

#: Profiles shipped inside the package, by id.
BUILTIN_PROFILES: Mapping[str, str] = {"amendment-3": "amendment_3.toml"}
DEFAULT_PROFILE_ID = "amendment-3"


_PROFILE_KEYS = {
    "id",
    "title",
    "source",
    "version",
    "verified_against_source_on",
    "contract_number",
    "note",
    "extends",
}
_PARAMETER_KEYS = {
    "description",
    "unit",
    "section",
    "note",
    "library_default",
    "value",
    "effective_from",
    "effective_through",
    "versions",
}
_VERSION_KEYS = {"effective_from", "value", "section", "note"}


def _unknown(keys: set[str], allowed: set[str], where: str) -> None:
    if unknown := sorted(keys - allowed):
        hint = did_you_mean(unknown[0], sorted(allowed))
        raise ProfileError(
            f"{where}: unknown key(s) {unknown}{hint}; allowed keys are {sorted(allowed)}",
            field=where,
            value=unknown,
        )


def _text(
    table: Mapping[str, object], key: str, where: str, *, required: bool = True
) -> str | None:
    raw = table.get(key)
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise ProfileError(
            f"{where}: {key!r} must be non-empty text (got {raw!r})", field=key, value=raw
        )
    return raw.strip()


def _raw_versions(name: str, table: Mapping[str, object], where: str) -> list[object]:
    """Return the raw versions of a parameter table, in either of its two written forms."""
    if "versions" not in table:
        if "value" not in table or "effective_from" not in table:
            raise ProfileError(
                f"{where}: parameter {name!r} needs 'value' and 'effective_from' (or 'versions')",
                field=name,
            )
        return [{"effective_from": table["effective_from"], "value": table["value"]}]
    if "value" in table or "effective_from" in table:
        raise ProfileError(
            f"{where}: parameter {name!r} gives both 'versions' and a single "
            "'value'/'effective_from'; use one form",
            field=name,
        )
    raw_versions = table["versions"]
    if not isinstance(raw_versions, list) or not raw_versions:
        raise ProfileError(f"{where}: {name!r}.versions must be a non-empty list", field=name)
    return raw_versions


def _version(name: str, raw: object, at: str) -> ParameterVersion:
    if not isinstance(raw, Mapping):
        raise ProfileError(f"{at} must be a table", field=name, value=raw)
    _unknown(set(raw), _VERSION_KEYS, at)
    if "value" not in raw or "effective_from" not in raw:
        raise ProfileError(f"{at} needs 'value' and 'effective_from'", field=name, value=raw)
    return ParameterVersion(
        effective_from=_date_of(raw["effective_from"], f"{name}.effective_from", at),
        value=convert(SCHEMA[name], raw["value"], name, at),
        section=_text(raw, "section", at, required=False),
        note=_text(raw, "note", at, required=False),
    )


def _date_of(raw: object, name: str, where: str) -> dt.date:
    converted = convert(DATE, raw, name, where)
    assert isinstance(converted, dt.date)  # noqa: S101 - DATE converts to a date
    return converted


def _versions(name: str, table: Mapping[str, object], where: str) -> tuple[ParameterVersion, ...]:
    versions = tuple(
        _version(name, raw, f"{where}: parameter {name!r} version {index + 1}")
        for index, raw in enumerate(_raw_versions(name, table, where))
    )
    for earlier, later in itertools.pairwise(versions):
        if later.effective_from <= earlier.effective_from:
            raise ProfileError(
                f"{where}: parameter {name!r} versions must be in order of strictly increasing "
                f"effective_from ({earlier.effective_from} then {later.effective_from})",
                field=name,
            )
    return versions


def _required_text(table: Mapping[str, object], key: str, where: str) -> str:
    found = _text(table, key, where)
    assert found is not None  # noqa: S101 - _text raises when a required key is missing
    return found


def _parameter(name: str, table: object, where: str) -> Parameter:
    if not isinstance(table, Mapping):
        raise ProfileError(f"{where}: {name!r} must be a table", field=name, value=table)
    at = f"{where}: parameter {name!r}"
    _unknown(set(table), _PARAMETER_KEYS, at)
    unit = table.get("unit", "")
    if not isinstance(unit, str):
        raise ProfileError(f"{at}: 'unit' must be text", field=name, value=unit)
    library_default = table.get("library_default", False)
    if not isinstance(library_default, bool):
        raise ProfileError(f"{at}: 'library_default' must be true or false", field=name)
    versions = _versions(name, table, where)
    through = None
    if "effective_through" in table:
        through = _date_of(table["effective_through"], f"{name}.effective_through", where)
        if through < versions[-1].effective_from:
            raise ProfileError(
                f"{at} ends ({through}) before its last version begins "
                f"({versions[-1].effective_from})",
                field=name,
            )
    return Parameter(
        name=name,
        kind=SCHEMA[name],
        description=_required_text(table, "description", at),
        unit=unit,
        section=_required_text(table, "section", at),
        versions=versions,
        effective_through=through,
        library_default=library_default,
        note=_text(table, "note", at, required=False),
    )


def _collect(
    table: Mapping[str, object],
    prefix: str,
    where: str,
    found: dict[str, Parameter | Deferred],
    *,
    deferred: bool,
) -> None:
    """Add each parameter of ``table`` to ``found``: built, or ``deferred`` to its first read."""
    for key, child in table.items():
        name = f"{prefix}{key}"
        if name in SCHEMA:
            found[name] = (
                Deferred(functools.partial(_parameter, name, child, where))
                if deferred
                else _parameter(name, child, where)
            )
        elif any(known.startswith(f"{name}.") for known in SCHEMA):
            if not isinstance(child, Mapping):
                raise ProfileError(f"{where}: {name!r} must be a table of parameters", field=name)
            _collect(child, f"{name}.", where, found, deferred=deferred)
        else:
            raise ProfileError(
                f"{where}: unknown parameter {name!r}{did_you_mean(name, SCHEMA)}",
                field=name,
                value=child,
            )


def _from_toml(
    data: Mapping[str, Any],
    origin: str,
    *,
    today: dt.date,
    deferred: bool = False,
    found: dict[str, Parameter | Deferred] | None = None,
) -> ContractProfile:
    """Return the profile of a parsed TOML file; ``deferred``: each parameter built on first read.

    ``found``: the parameters already cut from the text (:func:`_builtin`), ``data`` being only its
    ``[profile]`` table.
    """
    meta = data.get("profile")
    if not isinstance(meta, Mapping):
        raise ProfileError(f"{origin}: the file has no [profile] table", field="profile")
    _unknown(set(meta), _PROFILE_KEYS, f"{origin}: [profile]")
    base: ContractProfile | None = None
    if "extends" in meta:
        extends = meta["extends"]
        if not isinstance(extends, str) or extends not in BUILTIN_PROFILES:
            raise ProfileError(
                f"{origin}: [profile] extends {extends!r}, which is not a shipped profile "
                f"(shipped: {sorted(BUILTIN_PROFILES)})",
                field="extends",
                value=extends,
            )
        base = _builtin(extends)
    verified = convert(
        DATE,
        meta.get("verified_against_source_on"),
        "verified_against_source_on",
        f"{origin}: [profile]",
    )
    assert isinstance(verified, dt.date)  # noqa: S101 - DATE converts to a date
    if verified > today:
        raise ProfileError(
            f"{origin}: verified_against_source_on {verified} is in the future",
            field="verified_against_source_on",
            value=verified,
        )
    if found is None:
        found = {}
        _collect(
            {k: v for k, v in data.items() if k != "profile"}, "", origin, found, deferred=deferred
        )
    parameters = (
        ParameterMap.of(base.parameters).with_entries(found) if base else ParameterMap(found)
    )
    if missing := sorted(set(SCHEMA) - set(parameters)):
        raise ProfileError(
            f"{origin}: missing parameter(s) {missing}; define them, or set extends = "
            f"{DEFAULT_PROFILE_ID!r} in [profile] to take them from the shipped profile",
            field=missing[0],
            value=missing,
        )
    where = f"{origin}: [profile]"
    return ContractProfile(
        id=_required_text(meta, "id", where),
        title=_required_text(meta, "title", where),
        source=_required_text(meta, "source", where),
        version=_required_text(meta, "version", where),
        verified_against_source_on=verified,
        parameters=parameters,
        contract_number=_text(meta, "contract_number", where, required=False),
        note=_text(meta, "note", where, required=False),
        origin=origin,
    )


def _today() -> dt.date:
    return dt.datetime.now(tz=dt.UTC).date()


def _block_parameter(name: str, block: str, origin: str) -> Parameter:
    """Return the parameter ``name`` built from its block of a shipped profile's text."""
    return _parameter(name, block_table(name, block, origin), origin)


@functools.cache
def _builtin(profile_id: str) -> ContractProfile:
    """Return a shipped profile: its names checked now, each parameter parsed and built when read."""
    filename = BUILTIN_PROFILES[profile_id]
    origin = f"builtin:{profile_id}"
    text = shipped_text(filename)
    if (cut := parameter_blocks(text, SCHEMA)) is None:
        return _from_toml(read_toml(text, origin), origin, today=_today(), deferred=True)
    head, blocks = cut
    found: dict[str, Parameter | Deferred] = {
        name: Deferred(functools.partial(_block_parameter, name, block, origin))
        for name, block in blocks.items()
    }
    return _from_toml(read_toml(head, origin), origin, today=_today(), found=found)


def default_profile() -> ContractProfile:
    """Return the shipped Amendment 3 profile (loaded once, then cached).

    >>> default_profile().id
    'amendment-3'
    """
    return _builtin(DEFAULT_PROFILE_ID)


def load_profile(
    source: str | PathLike[str] | None = None,
    *,
    overrides: Mapping[str, object] | None = None,
) -> ContractProfile:
    """Return a validated profile from a shipped id or a TOML file, with optional overrides.

    Parameters
    ----------
    source
        ``None`` for the shipped default, a shipped profile id (``"amendment-3"``), or the path of
        a TOML profile file.
    overrides
        Dotted parameter names mapped to what-if values (see :meth:`ContractProfile.with_overrides`).

    Examples
    --------
    >>> load_profile(overrides={"p4p.pmpm_amount": "0.04"}).get("p4p.pmpm_amount").value
    Decimal('0.04')

    """
    if source is not None and not isinstance(source, str | PathLike):
        raise ProfileError(
            f"'source' must be a shipped profile id (one of {sorted(BUILTIN_PROFILES)}) or the "
            f"path of a TOML profile file (got {type(source).__name__} {source!r})",
            field="source",
            value=source,
        )
    if source is None or (isinstance(source, str) and source.strip() in BUILTIN_PROFILES):
        profile = _builtin(DEFAULT_PROFILE_ID if source is None else source.strip())
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ProfileError(
                f"profile file {str(path)!r} is not UTF-8 text (byte {error.start}: "
                f"{error.object[error.start : error.start + 1]!r}); save it as UTF-8",
                field="source",
                value=str(path),
            ) from None
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise ProfileError(
                f"cannot read profile file {str(path)!r}: {reason}",
                field="source",
                value=str(path),
            ) from None
        profile = _from_toml(read_toml(text, str(path)), str(path), today=_today())
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ProfileError(
            f"'overrides' must be a mapping of parameter names to values (got {overrides!r})",
            field="overrides",
            value=overrides,
        )
    return profile.with_overrides(overrides) if overrides else profile


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte: no file of that name
        return False


def resolve_profile(profile: object, *, field: str = "profile") -> ContractProfile:
    """Return the profile a caller means: ``None`` (the shipped default), a profile, an id or a path.

    Every ``profile=`` argument of the library goes through this, so each accepts a loaded
    :class:`ContractProfile`, a shipped profile id (``"amendment-3"``) or the path of a TOML profile
    file (``str`` or :class:`~pathlib.Path`, read with :func:`load_profile`).

    >>> resolve_profile("amendment-3") is default_profile()
    True
    >>> resolve_profile(5)
    Traceback (most recent call last):
    ...
    tenncare_calc.ProfileError: 'profile' must be a ContractProfile, a shipped profile id (one of ['amendment-3']) or the path of a TOML profile file (got int 5)
    """
    if profile is None:
        return default_profile()
    if isinstance(profile, ContractProfile):
        return profile
    if isinstance(profile, str) and profile.strip() in BUILTIN_PROFILES:
        return _builtin(profile.strip())
    if isinstance(profile, PathLike) or (
        isinstance(profile, str) and (profile.strip().endswith(".toml") or _is_file(profile))
    ):
        return load_profile(profile)
    if isinstance(profile, str):
        raise ProfileError(
            f"{field!r}: {profile!r} is neither a shipped profile id (one of "
            f"{sorted(BUILTIN_PROFILES)}){did_you_mean(profile, BUILTIN_PROFILES)} nor a "
            "profile file that exists",
            field=field,
            value=profile,
        )
    raise ProfileError(
        f"{field!r} must be a ContractProfile, a shipped profile id (one of "
        f"{sorted(BUILTIN_PROFILES)}) or the path of a TOML profile file "
        f"(got {type(profile).__name__} {profile!r})",
        field=field,
        value=profile,
    )
