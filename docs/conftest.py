"""Doctest set-up for the pages in docs/: the names every example may use without importing."""

import datetime as dt
from decimal import Decimal

import pytest

import tenncare_calc


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace.update(
        {"tc": tenncare_calc, "Decimal": Decimal, "date": dt.date, "datetime": dt}
    )
