"""Connection-failure detection: log text -> ConnectionFailure records."""
