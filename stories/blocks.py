"""The blocks a story's body is made of: paragraphs, pull quotes, and the optional sections
parents often want to add ("what helped", "what I wish professionals had known")."""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

PARAGRAPH_FEATURES = ["bold", "italic", "ol", "ul", "h3"]


class PullQuoteBlock(blocks.StructBlock):
    """A sentence from the story, set apart. Never attributed to anyone but the byline."""

    text = blocks.CharBlock(max_length=300)

    class Meta:
        icon = "openquote"
        template = "stories/blocks/pull_quote.html"


class SectionBlock(blocks.StructBlock):
    """A titled section of the story, such as "What helped"."""

    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "list-ul"
        template = "stories/blocks/section.html"


class WhatHelpedBlock(SectionBlock):
    class Meta:
        label = "What helped"
        template = "stories/blocks/section.html"


class WishedKnownBlock(SectionBlock):
    class Meta:
        label = "What I wish professionals had known"
        template = "stories/blocks/section.html"


class StoryBodyBlock(blocks.StreamBlock):
    """The body of a story page."""

    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    pull_quote = PullQuoteBlock()
    what_helped = WhatHelpedBlock()
    wish_professionals_knew = WishedKnownBlock()
    # Images come through community.SafeImage (WAGTAILIMAGES_IMAGE_MODEL): no metadata kept.
    image = ImageBlock(required=False)

    SECTION_HEADINGS = {
        "what_helped": "What helped",
        "wish_professionals_knew": "What I wish professionals had known",
    }
