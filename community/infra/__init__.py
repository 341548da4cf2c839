"""Infrastructure the apps stand on: cache, middleware and headers, mail, rate limits, the
periodic schedule, exactly-once sending, log filters and database-error handling."""
