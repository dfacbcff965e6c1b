"""Messages to people: the outbox (written in the caller's transaction) and its delivery worker."""
