"""Settings from `THROTTLE_*` environment variables, read once at startup.

Every limit is a rate such as `10/min` (`throttle.rates.Rate.parse`). A limit that does not
parse, or a zero, fails startup with exit 78 naming the variable (`throttle.serve`): a typo in
a limit must never become "no limit" in production.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from pydantic import AliasChoices, BeforeValidator, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from throttle.client_ip import Network
from throttle.rates import Rate

ENV_PREFIX = "THROTTLE_"


def _rate(value: Any) -> Any:
    return Rate.parse(value) if isinstance(value, str) else value


def _networks(value: Any) -> Any:
    if isinstance(value, str):
        return [ipaddress.ip_network(part.strip()) for part in value.split(",") if part.strip()]
    return value


RateSetting = Annotated[Rate, NoDecode, BeforeValidator(_rate)]


class Settings(BaseSettings):
    """What the app needs; each field's variable is `THROTTLE_<FIELD>`.

    - `anonymous_rate`, `free_rate`, `pro_rate`: per client, by IP or by the token's tier.
    - `login_rate`: per IP on `POST /login`, checked before the password hash.
    - `report_global_rate`: all clients together on `GET /report`, the expensive endpoint.
    - `trusted_proxies`: comma-separated networks whose `X-Forwarded-For` entries we believe.
    - `max_in_flight`, `max_waiting`, `queue_timeout_seconds`: `/report`'s concurrency limit.
    - `redis_url`: `THROTTLE_REDIS_URL`, else the course-wide `COURSE_REDIS_URL`, else compose's.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        frozen=True,
        hide_input_in_errors=True,
        populate_by_name=True,
    )

    token_secret: SecretStr = Field(min_length=16)
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        validation_alias=AliasChoices("THROTTLE_REDIS_URL", "COURSE_REDIS_URL"),
    )
    redis_timeout_seconds: float = Field(default=0.25, gt=0)
    key_prefix: str = "throttle"
    anonymous_rate: RateSetting = Rate(20, 60)
    free_rate: RateSetting = Rate(60, 60)
    pro_rate: RateSetting = Rate(600, 60)
    login_rate: RateSetting = Rate(5, 60)
    report_global_rate: RateSetting = Rate(30, 60)
    trusted_proxies: Annotated[list[Network], NoDecode, BeforeValidator(_networks)] = []
    ipv6_prefix: int = 64
    max_in_flight: int = Field(default=4, ge=1)
    max_waiting: int = Field(default=8, ge=0)
    queue_timeout_seconds: float = Field(default=2.0, gt=0)
    report_backend_url: str = "http://127.0.0.1:8081/"

    def tier_rate(self, tier: str) -> Rate:
        return {"free": self.free_rate, "pro": self.pro_rate}.get(tier, self.anonymous_rate)


def config_problems(exc: ValidationError) -> list[str]:
    """One line per invalid variable, named as an operator sets it (no value: it may be secret)."""
    return [
        f"{ENV_PREFIX}{str(error['loc'][0]).upper()}: {error['msg']}"
        for error in exc.errors(include_url=False, include_input=False)
    ]
