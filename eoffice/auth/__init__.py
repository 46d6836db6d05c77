"""Authentication: login, sessions, API tokens, and the signed-in Actor."""
