"""The lesson's exceptions, in one place.

BasicsError                  catch this to handle anything this package raises on purpose
├── InvalidMoneyError        a Money that cannot exist (bad currency code, float cents)
└── CurrencyMismatchError    arithmetic across two currencies
"""

from __future__ import annotations


class BasicsError(Exception):
    """Base class: ``except BasicsError`` catches every error this package raises on purpose.

    Each subclass also derives from the built-in that describes it (ValueError), so code that
    already catches ``ValueError`` keeps working.
    """


class InvalidMoneyError(BasicsError, ValueError):
    """A Money value that cannot exist: the constructor refuses to build it."""


class CurrencyMismatchError(BasicsError, ValueError):
    """Adding EUR to USD: there is no right answer, so there is no answer."""
