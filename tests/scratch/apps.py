from django.apps import AppConfig


class ScratchConfig(AppConfig):
    """A throwaway content app, installed only in tests: it proves that a new kind of content
    joins moderation by registering an adapter, with no change to `moderation`."""

    name = "tests.scratch"
    label = "scratch"

    def ready(self) -> None:
        from moderation import registry

        from .models import Note

        @registry.register
        class NoteAdapter(registry.ContentAdapter):
            model = Note
            kind = "note"

            def text(self, obj: Note) -> str:
                return obj.body

            def author(self, obj: Note):
                return obj.author

            def space(self, obj: Note) -> registry.Space | None:
                if not obj.space:
                    return None
                return registry.Space(
                    key=f"corner:{obj.space}",
                    label=f"Corner {obj.space}",
                    hold_everything=obj.space == "quiet",
                )

            def url(self, obj: Note) -> str:
                return f"/notes/{obj.pk}/"

            def on_redact(self, obj: Note, text: str) -> None:
                obj.body = text
                obj.save(update_fields=["body"])
