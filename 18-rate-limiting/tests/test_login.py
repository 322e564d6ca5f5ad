"""Break it 4: a limit checked after the expensive work protects nothing.

Ten wrong passwords from one IP against a limit of 3 a minute. Counted, not timed: how many
password hashes did the server compute?
"""

from __future__ import annotations

import pytest

from tests.conftest import open_client
from throttle import NotAuthenticated, Rate, RateLimited, Settings
from throttle.broken import log_in_then_limit
from throttle.login import log_in

pytestmark = pytest.mark.anyio
ATTEMPTS = 10


@pytest.fixture
def tight(settings: Settings) -> Settings:
    return settings.model_copy(update={"login_rate": Rate(3, 60)})


async def test_broken_limiting_after_the_hash_hashes_every_attempt(tight: Settings) -> None:
    async with open_client(tight) as client:
        state = client.app.state.throttle
        for _ in range(ATTEMPTS):
            with pytest.raises((NotAuthenticated, RateLimited)):
                await log_in_then_limit(state.guard, state.passwords, "ip:x", "alice", "guess")
        assert state.passwords.hashes == ATTEMPTS  # 7 of them for requests refused anyway


async def test_fixed_the_login_limit_runs_before_the_hash(tight: Settings) -> None:
    async with open_client(tight) as client:
        app = client.app
        codes = []
        for _ in range(ATTEMPTS):
            body = {"user": "alice", "password": "guess"}
            codes.append((await client.post("/login", json=body)).status_code)
        assert codes == [401] * 3 + [429] * 7
        assert app.state.throttle.passwords.hashes == 3


async def test_log_in_refuses_before_hashing(tight: Settings) -> None:
    async with open_client(tight) as client:
        state = client.app.state.throttle
        for _ in range(3):
            with pytest.raises(NotAuthenticated):
                await log_in(state.guard, state.passwords, "ip:y", "alice", "guess")
        with pytest.raises(RateLimited):
            await log_in(state.guard, state.passwords, "ip:y", "alice", "guess")
        assert state.passwords.hashes == 3
