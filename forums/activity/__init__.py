"""Activity around posts, one module a concern:

- `reactions`: counts under a post, never who gave them;
- `following`: following threads, and telling followers about replies;
- `muting`: muted threads and muted words (and the member's preferences row);
- `reading`: read markers, what is new to a member, where a post is, the reader's state;
- `digests`: the neutral e-mail digest.

Services are keyword-only verbs that write; selectors read for pages and never write. Nothing
here ever tells one member who another member is. Who may do what is `forums.permissions`.
"""
