"""The moderation registry: how any kind of content joins the one queue.

A content app describes its model with a `ContentAdapter` subclass and registers it from its
`AppConfig.ready()`. Moderation never imports the content apps: it reaches content only
through these adapters, and queue rows point at content by content type and object id, as
Wagtail's workflow states do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models.signals import post_delete, post_save
from wagtail.log_actions import registry as log_registry

from .models import AuditEntry

if TYPE_CHECKING:
    from community.models import User


@dataclass(frozen=True)
class Space:
    """Where a piece of content lives, for permissions, filters and the "hold everything" rule."""

    key: str  # stable, e.g. "board:3" or "circle:7"
    label: str  # shown to moderators, e.g. "Board: Late nights"
    hold_everything: bool = False


class ContentAdapter:
    """What moderation needs to know about, and do to, one kind of content.

    Subclasses set `model` and `kind`, and implement the methods that raise
    NotImplementedError. The state changes (`on_approve`, `on_reject`, `on_hide`,
    `on_withdraw`, `on_redact`) are called inside the moderation service's transaction; they
    change the content and nothing else. Anything that must happen after commit (live events,
    notifications) belongs in the content app's own `on_commit` handlers.
    """

    model: ClassVar[type[models.Model]]
    kind: ClassVar[str]  # one word shown in the queue: "post", "story", "testimony", "profile"
    state_field: ClassVar[str] = "moderation_state"

    def text(self, obj: Any) -> str:
        """Everything in the content that a reader would see, to screen as one text."""
        raise NotImplementedError

    def author(self, obj: Any) -> User:
        """The member who wrote it."""
        raise NotImplementedError

    def space(self, obj: Any) -> Space | None:
        """Where it lives (None for content that lives nowhere in particular)."""
        return None

    def url(self, obj: Any) -> str:
        """Where a moderator or its author reads it in context."""
        raise NotImplementedError

    def title(self, obj: Any) -> str:
        """A short label for the queue, without the content's words (e.g. "Post 42")."""
        return f"{self.kind.capitalize()} {obj.pk}"

    # What the author is told, by decision ("approved", "redacted", "rejected", "hidden"),
    # where moderation's general wording would mislead (testimony is never "published").
    # "{reason}" is replaced by the moderator's reason.
    author_messages: dict[str, str] = {}

    def set_state(self, obj: Any, state: str) -> None:
        setattr(obj, self.state_field, state)
        if obj._state.adding:
            # New content `submit` decided on before its first save: one INSERT, in its state.
            obj.save()
            return
        obj.save(update_fields=[self.state_field])

    def on_approve(self, obj: Any) -> None:
        self.set_state(obj, "published")

    def on_reject(self, obj: Any, reason: str) -> None:
        self.set_state(obj, "rejected")

    def on_hide(self, obj: Any) -> None:
        self.set_state(obj, "hidden")

    def on_withdraw(self, obj: Any) -> None:
        self.set_state(obj, "withdrawn")

    def on_redact(self, obj: Any, text: str) -> None:
        """Replace the content's text with the moderator's redacted version."""
        raise NotImplementedError


_adapters: dict[type[models.Model], ContentAdapter] = {}


def register(adapter_class: type[ContentAdapter]) -> type[ContentAdapter]:
    """Register an adapter (usable as a class decorator). Called from `AppConfig.ready()`."""
    model = adapter_class.model
    existing = _adapters.get(model)
    if existing is not None and type(existing) is not adapter_class:
        raise ValueError(f"{model.__name__} is already registered with moderation.")
    _adapters[model] = adapter_class()
    # The content's admin history shows its moderation entries beside Wagtail's own.
    log_registry.register_model(model, AuditEntry)
    # The tags of its published details follow it (services.sync_details).
    uid = f"moderation-details-{model._meta.label_lower}"
    post_save.connect(_content_saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_content_deleted, sender=model, weak=False, dispatch_uid=uid)
    return adapter_class


def _content_saved(
    sender: type[models.Model],
    instance: models.Model,
    created: bool = False,
    update_fields: frozenset[str] | None = None,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if created or raw or sender not in _adapters:
        return
    from .services import content_saved  # services import this module

    content_saved(instance, update_fields)


def _content_deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender not in _adapters:
        return
    from .services import content_deleted

    content_deleted(instance)


def adapter_for(obj_or_model: Any) -> ContentAdapter:
    """The adapter of a registered instance or model; KeyError for unregistered content."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _adapters:
            return _adapters[klass]
    raise KeyError(f"{model.__name__} is not registered with moderation.")


def registered_models() -> list[type[models.Model]]:
    """Every model that has joined moderation."""
    return list(_adapters)


def unregister(model: type[models.Model]) -> None:
    """For tests that register throwaway content."""
    _adapters.pop(model, None)
