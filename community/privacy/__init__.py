"""A member's data rights and the consent of their words: export everything, erasure, and quotes
(a member's words used outside the place they were written, only with consent)."""
