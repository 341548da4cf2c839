"""Cleaning text stored before the one cleaning path existed (community.input.sanitise.clean_text),
for the data migrations of every app that stores what members and staff type.

Stored text must be kept, so a lone surrogate is dropped rather than refused; HTML rendered
from a source that changed is rendered again, so the page shows what the source now says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from django.db import models

from community.input.sanitise import clean_text

BATCH_SIZE = 500


def clean_stored_value(value: Any, *, multiline: bool = True) -> Any:
    """`value` cleaned: a string, or the strings inside a JSON list or object (keys kept)."""
    if isinstance(value, str):
        return clean_text(value, multiline=multiline, drop_surrogates=True)
    if isinstance(value, list):
        return [clean_stored_value(item, multiline=multiline) for item in value]
    if isinstance(value, dict):
        return {key: clean_stored_value(item, multiline=multiline) for key, item in value.items()}
    return value


def clean_stored_rows(
    model: type[models.Model],
    fields: Mapping[str, bool],
    *,
    rendered: Mapping[str, tuple[str, Callable[[models.Model], str]]] | None = None,
    empty: Mapping[str, str] | None = None,
) -> int:
    """Clean `fields` (name -> multiline) on every row of `model`, a migration's historical
    model; returns how many rows changed.

    `rendered` maps an HTML field to its source field and a function of the row that renders
    it, run when the source changed. `empty` gives the text for a field that cleaning left
    empty where a blank would not do (a thread title made only of invisible characters).
    Text longer than its column after NFC is cut to fit.
    """
    rendered = rendered or {}
    empty = empty or {}
    names = [*fields, *rendered]
    changed_rows: list[models.Model] = []
    for row in model._default_manager.only("pk", *names).iterator(chunk_size=BATCH_SIZE):
        changed: set[str] = set()
        for name, multiline in fields.items():
            old = getattr(row, name)
            new = clean_stored_value(old, multiline=multiline)
            if isinstance(new, str):
                new = new or (empty.get(name, "") if old else "")
                # `fields` names concrete text fields, never a reverse relation.
                field = cast("models.Field[Any, Any]", model._meta.get_field(name))
                max_length = field.max_length
                new = new[:max_length] if max_length else new
            if new != old:
                setattr(row, name, new)
                changed.add(name)
        for html_name, (source, render) in rendered.items():
            if source in changed:
                setattr(row, html_name, render(row))
        if changed:
            changed_rows.append(row)
    if changed_rows:
        model._default_manager.bulk_update(changed_rows, names, batch_size=BATCH_SIZE)
    return len(changed_rows)
