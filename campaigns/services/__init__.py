"""Campaign verbs (services), by group: `campaigns` (start, edit, open, organisers, support,
updates), `questions` (the testimony form), `testimony` (a member's own) and `review` (the
organisers': themes, extracts, quotes, asking for more).

Each verb checks who is acting (`campaigns.permissions`) and raises PermissionDenied or
ValidationError (with a message for the member) before anything is saved. Callers import this
package: `from campaigns import services; services.campaign_create(...)`.
"""

from ..permissions import can_edit_testimony
from .campaigns import (
    RESERVED_SLUGS,
    campaign_create,
    campaign_edit,
    campaign_set_status,
    check_public_text,
    organiser_add,
    organiser_add_by_name,
    organiser_remove,
    support_add,
    support_remove,
    update_post,
)
from .questions import (
    MAX_CHOICES,
    MAX_QUESTIONS,
    parse_choices,
    question_delete,
    question_move,
    question_save,
    testimony_form_update,
)
from .review import (
    MAX_THEMES,
    REDACTED,
    STORY_KIND,
    extract_add,
    extract_remove,
    pseudonyms_shown,
    quote_add,
    quote_remove,
    testimony_ask_for_more,
    themes_set,
)
from .testimony import (
    MAX_ANSWER,
    MAX_SHORT_ANSWER,
    TESTIMONY_KIND,
    Consents,
    Submitted,
    clean_answers,
    testimony_consent_change,
    testimony_edit,
    testimony_submit,
    testimony_withdraw,
)

__all__ = [
    "MAX_ANSWER",
    "MAX_CHOICES",
    "MAX_QUESTIONS",
    "MAX_SHORT_ANSWER",
    "MAX_THEMES",
    "REDACTED",
    "RESERVED_SLUGS",
    "STORY_KIND",
    "TESTIMONY_KIND",
    "Consents",
    "Submitted",
    "campaign_create",
    "campaign_edit",
    "campaign_set_status",
    "can_edit_testimony",
    "check_public_text",
    "clean_answers",
    "extract_add",
    "extract_remove",
    "organiser_add",
    "organiser_add_by_name",
    "organiser_remove",
    "parse_choices",
    "pseudonyms_shown",
    "question_delete",
    "question_move",
    "question_save",
    "quote_add",
    "quote_remove",
    "support_add",
    "support_remove",
    "testimony_ask_for_more",
    "testimony_consent_change",
    "testimony_edit",
    "testimony_form_update",
    "testimony_submit",
    "testimony_withdraw",
    "themes_set",
    "update_post",
]
