"""Campaign pages. Thin: each button calls one service (`campaigns.services`); what a page
shows comes from `campaigns.selectors`; who may see it, from `campaigns.permissions`.

The campaign page is public; testimony and the organisers' pages are for signed-in members,
carry noindex, and answer 404 to anyone who is not one of that campaign's organisers or staff.
"""

from .organise import campaign_new, organise, question_edit, questions, update_new
from .public import campaign_detail, campaign_list, campaign_support
from .review import dashboard, export, review, review_one
from .testimony import testimony, testimony_consent, testimony_withdraw

__all__ = [
    "campaign_detail",
    "campaign_list",
    "campaign_new",
    "campaign_support",
    "dashboard",
    "export",
    "organise",
    "question_edit",
    "questions",
    "review",
    "review_one",
    "testimony",
    "testimony_consent",
    "testimony_withdraw",
    "update_new",
]
