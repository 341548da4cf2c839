"""The thread page, fast by design: kept for everyone and filled in for each reader.

Imported only by the thread view (`forums.views.thread`; a test holds the fence). The view
asks `kept_page` first; it answers for a reader who sees what everyone else does and returns
None for anyone who needs the page rendered for them, whom the view serves itself, with the
same posts (`forums.rendering`: each post's viewer-neutral HTML, rendered once per version)
and `posts_page`.

- `kept`: the page rendered once per thread version, split at its reader slots, kept in the
  process, filled in per reader (the module says what a kept page depends on);
- `paging`: the page of posts asked for.

Why kept pages and not only cooked posts: measured in `docs/benchmarks.md` ("The thread page:
kept page or cooked posts").
"""

from __future__ import annotations

from .kept import forget_kept_pages, kept_page
from .paging import posts_page

__all__ = ["forget_kept_pages", "kept_page", "posts_page"]
