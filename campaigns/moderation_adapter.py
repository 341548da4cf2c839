"""How testimony joins moderation and the quotes registry.

Every testimony is held for a moderator (its space holds everything): organisers are members
too, and testimony is the most personal thing anyone writes here. Moderators read the answers
in words as one text, each under its question; a redaction comes back the same way.
"""

from __future__ import annotations

from community.privacy import quotes
from moderation.models import ModerationState
from moderation.registry import ContentAdapter, Space

from .models import Testimony, TestimonyQuestion
from .selectors import consent_field

# Each answer in words appears to moderators under a line like this, so a redaction of the
# whole text can be split back into the answers it came from.
HEADING = "## {label}"


def _text_questions(testimony: Testimony) -> list[TestimonyQuestion]:
    form = getattr(testimony.campaign, "testimony_form", None)
    if form is None:
        return []
    return [q for q in form.questions.all() if q.kind in TestimonyQuestion.TEXT_KINDS]


def _answered(testimony: Testimony) -> list[tuple[str, str, str]]:
    """(answer key, heading, text) for every answer in words, in the form's order."""
    known = {str(q.pk): q.label for q in _text_questions(testimony)}
    rows = []
    for key, label in known.items():
        value = testimony.answers.get(key)
        if isinstance(value, str) and value:
            rows.append((key, HEADING.format(label=label), value))
    # Answers to questions removed since, or kept from a redaction, come last.
    for key, value in testimony.answers.items():
        if key not in known and isinstance(value, str) and value:
            rows.append((key, HEADING.format(label="Earlier answer"), value))
    return rows


class TestimonyAdapter(ContentAdapter):
    model = Testimony
    kind = "testimony"
    # Testimony is never published: approval lets the campaign's organisers read it.
    author_messages = {
        "approved": "Your testimony has been accepted. The campaign's organisers can now read "
        "it, without your name, and use it only as you agreed.",
        "redacted": "Your testimony has been accepted. The moderators took out some details to "
        "keep you and your family safe before the organisers can read it.",
        "rejected": "Your testimony was not accepted. The moderators said: {reason} You can "
        "change it and send it again; nothing you wrote has been lost.",
    }

    def text(self, obj: Testimony) -> str:
        return "\n\n".join(f"{heading}\n{value}" for _key, heading, value in _answered(obj))

    def author(self, obj: Testimony):
        return obj.author

    def space(self, obj: Testimony) -> Space:
        return Space(
            key=f"campaign:{obj.campaign_id}",
            label=f"Campaign: {obj.campaign.title}",
            hold_everything=True,
        )

    def url(self, obj: Testimony) -> str:
        return obj.get_absolute_url()

    def title(self, obj: Testimony) -> str:
        return f"Testimony {obj.pk} for campaign {obj.campaign_id}"

    def on_redact(self, obj: Testimony, text: str) -> None:
        rows = _answered(obj)
        answers = dict(obj.answers)
        pieces = _split(text, [heading for _key, heading, _value in rows])
        if pieces is not None:
            for (key, _heading, _value), piece in zip(rows, pieces, strict=True):
                answers[key] = piece
        else:
            # The headings were edited too: keep the moderator's whole text as one answer, so
            # none of the details they took out survives in another answer.
            for key, _heading, _value in rows:
                answers.pop(key, None)
            answers["redacted"] = text.strip()
        obj.answers = answers
        obj.save(update_fields=["answers"])


def _split(text: str, headings: list[str]) -> list[str] | None:
    """The text under each heading, in order; None if a heading is missing."""
    pieces: list[str] = []
    rest = text
    for index, heading in enumerate(headings):
        start = rest.find(heading)
        if start < 0:
            return None
        rest = rest[start + len(heading) :]
        following = headings[index + 1] if index + 1 < len(headings) else None
        end = rest.find(following) if following else len(rest)
        if end < 0:
            return None
        pieces.append(rest[:end].strip())
        rest = rest[end:]
    return pieces


def testimony_quote_status(object_id: int, channel: str) -> quotes.QuoteStatus:
    """The "testimony" quote source: usable while approved, not withdrawn, and consented for
    the channel. Testimony is never named: the byline is always "A parent"."""
    testimony = Testimony.objects.filter(pk=object_id).select_related("campaign").first()
    if testimony is None or testimony.moderation_state != ModerationState.PUBLISHED:
        return quotes.QuoteStatus(usable=False)
    try:
        consented = getattr(testimony, consent_field(channel))
    except ValueError:
        consented = False
    return quotes.QuoteStatus(
        usable=bool(consented),
        title=testimony.campaign.title,
        byline="A parent",
        url=testimony.campaign.get_absolute_url(),
    )
