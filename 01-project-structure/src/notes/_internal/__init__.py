"""Private helpers (Go's internal/): importable, but not part of the public API.

Python does not stop anyone importing `notes._internal`; the leading underscore and the
absence from `notes.__all__` say "this can change in any release without notice".
"""
