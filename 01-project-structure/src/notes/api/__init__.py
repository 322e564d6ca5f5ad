"""Entrypoints (Go's cmd/): parse input, call the service, map errors. No business rules."""
