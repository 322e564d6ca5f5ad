"""The "Break it" versions: each module is one mistake, kept importable so tests can prove it.

Never import these from production code. Each has a fixed counterpart:

- ``swallow``     ``except Exception: return None``  -> ``AccountStore.change_email`` raises
- ``bare_except`` ``except:`` around retry/fallback -> ``accounts.resilience``
- ``from_none``   ``raise ... from None``            -> ``raise ... from exc`` in ``store``
- ``text_match``  ``if "..." in str(exc)``          -> ``exc.sqlite_errorcode`` in ``store``
"""
