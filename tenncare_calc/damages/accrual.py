"""The day an observation's damage accrues, before any ledger: which year's ledger it belongs to.

A ledger (:func:`~tenncare_calc.damages.year.damages_ledger`) takes the observations of one
calendar year and rejects a record that accrues in another. A caller holding several years of
observations (a program run of several plans and years) dates each record first, with the same
rule the ledger uses (:func:`~tenncare_calc.damages.observations.record_period`: the ``end`` of a
per-calendar-day period, the later of ``due`` and ``received``, the last day of a ``month`` or
``quarter``, or the ``date``), and hands each year's records to that year's ledger.

>>> accrual_date({"item": "late_provider_enrollment_file", "due": "2008-12-20", "received": "2009-01-05"})
datetime.date(2009, 1, 5)
>>> accrual_date({"item": "geographic_access", "month": "2009-02", "standards_met": "no"})
datetime.date(2009, 2, 28)
"""

from __future__ import annotations

__all__ = ["accrual_date"]

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError
from tenncare_calc.damages.observations import clean_record, record_period, typed_record
from tenncare_calc.damages.schedule import DamageSchedule

if TYPE_CHECKING:
    import datetime as dt

    from tenncare_calc.contract.profile import ContractProfile


def accrual_date(
    record: Mapping[str, object],
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> dt.date:
    """Return the day the damage of one observation accrues (§4.20.2.2.7, Attachment VII).

    The item's rule and period are read from the schedule in force on ``on`` (the latest version
    when ``None``); the record's other fields are not checked here (the ledger assesses them).
    A record that cannot be dated (no ``item``, an unknown item, a missing or malformed dating
    field) raises :class:`~tenncare_calc.core.errors.InvalidInputError` with the reason the
    ledger would give.

    >>> accrual_date({"item": "unlicensed_staff", "start": "2008-01-30", "end": "2008-02-02"})
    datetime.date(2008, 2, 2)
    >>> accrual_date({"item": "unlicensed_staff", "start": "2008-01-30"})
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: a ledger record of this item needs 'start' and 'end' to date it
    """
    if not isinstance(record, Mapping):
        raise InvalidTypeError(
            f"each observation must be a mapping of field to value (got {type(record).__name__})",
            field="observation",
            value=record,
        )
    fields = clean_record(record)
    item_id = fields.pop("item", None)
    if not isinstance(item_id, str):
        raise InvalidInputError(
            "an observation needs 'item', the id of a schedule item", field="item", value=item_id
        )
    chosen = resolve_profile(profile)
    schedule = chosen.value("damages.schedule", DamageSchedule, on=on)
    item = schedule.item(item_id.strip())
    flags = {item.waiver.flag} if item.waiver is not None else set()
    fields.pop("reference", None)
    _, _, accrual, _ = record_period(item.rule, item.period, typed_record(fields, flags))
    return accrual
