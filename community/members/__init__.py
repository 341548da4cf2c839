"""Members: the pseudonym and its look-alike rules, sign-up and sign-in (allauth adapters),
permissions read from the cache, the staff groups, sessions, and the admin's view of members."""
