"""The site frame every page sits in: the frame's views (home, help, notifications, health), what
every template gets, drafts kept server-side for the quick exit, and reader slots for kept HTML."""
