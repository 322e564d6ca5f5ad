"""Stand-ins for third-party libraries: one that logs politely, one that hijacks logging.

Both offer the same `lookup(ip) -> country` function. Imagine each is a package on PyPI that
your service depends on; you cannot edit it, only choose it (or send its authors a patch).
"""
