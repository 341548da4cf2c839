"""Reading models in plain SQL, for the few queries every page view runs.

On those, building the ORM's query took several times as long as the database took to answer
it. These helpers keep such reads honest: the columns come from the model's own fields, and
values go through the same converters the ORM applies (SQLite gives dates as text, JSON as
text), so what comes back is what the ORM would have made.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


@functools.cache
def _model_columns(model: type[models.Model], alias: str) -> tuple[str, tuple, tuple]:
    fields = tuple(model._meta.concrete_fields)
    quote = connection.ops.quote_name
    # A concrete field always has a column (django-stubs types it `str | None` for the others).
    select = ", ".join(f"{alias}.{quote(cast(str, field.column))}" for field in fields)
    return select, fields, tuple(_field_converters(model, field.name) for field in fields)


@functools.cache
def _field_converters(model: type[models.Model], name: str) -> tuple:
    # `name` is a concrete field's (see `_model_columns`), never a reverse relation.
    field = cast("models.Field[Any, Any]", model._meta.get_field(name))
    column = field.get_col(model._meta.db_table)
    functions = tuple(connection.ops.get_db_converters(column)) + tuple(
        field.get_db_converters(connection)
    )
    return column, functions


def select_list(model: type[models.Model], alias: str) -> str:
    """The model's columns, on the table named `alias`, for a SELECT (in `model_from_row`'s
    order)."""
    return _model_columns(model, alias)[0]


def column_count(model: type[models.Model]) -> int:
    """How many values `select_list` reads for the model."""
    return len(model._meta.concrete_fields)


def convert(model: type[models.Model], name: str, value: Any) -> Any:
    """A value read from the model field `name`'s column, as the ORM would give it."""
    if value is None:
        return None
    column, functions = _field_converters(model, name)
    for function in functions:
        value = function(value, column, connection)
    return value


def model_from_row(model: type[M], alias: str, values: Sequence[Any]) -> M:
    """A model instance from the values of `select_list(model, alias)`, as the ORM makes it."""
    _, fields, converters = _model_columns(model, alias)
    converted = []
    for value, (column, functions) in zip(values, converters, strict=True):
        if value is not None:
            for function in functions:
                value = function(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], converted)


def id_list(ids) -> str:
    """Integer ids written into the SQL text, for `IN (...)`: psycopg converts a query with
    more than 50 parameters anew on every call (its cache stops there), which cost more than
    the query on a thread page. Only ever integers: `int()` refuses anything else."""
    return ", ".join(str(int(pk)) for pk in ids)
