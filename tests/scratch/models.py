from django.conf import settings
from django.db import models

from moderation.models import ModeratedContent


class Note(ModeratedContent):
    """A minimal piece of member content for moderation's tests."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    body = models.TextField()
    space = models.CharField(max_length=20, blank=True)

    def __str__(self) -> str:
        return f"Note {self.pk}"
