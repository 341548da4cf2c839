"""Signals moderation sends, so content apps and notifications can act without being imported.

`decision_made` is sent after commit, with:
    sender: the content's model class
    instance: the content object
    item: the QueueItem (or None for actions on published content without an item)
    decision: "approved", "rejected", "hidden", "redacted", "dismissed"
    reason: the text the author is told (may be empty)
"""

from django.dispatch import Signal

decision_made = Signal()
