"""enrollment."""
