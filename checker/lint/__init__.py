"""The connect-timeout linter."""
