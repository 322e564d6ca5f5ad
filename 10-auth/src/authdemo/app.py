"""The HTTP edge: FastAPI routes, the bearer-token dependency, and the one error mapping.

Routes parse input (pydantic), call `Auth` (service.py), and turn `AuthError`s into
responses in `_auth_error` below. Every 401 carries `WWW-Authenticate: Bearer ...`; a
rejected access token says `error="invalid_token"` and nothing about which check failed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from starlette.middleware import Middleware

from authdemo._request_id import RequestIdMiddleware
from authdemo._settings import Settings, load_settings
from authdemo._store import Store
from authdemo.errors import (
    AuthError,
    ConfigError,
    HashingBusyError,
    InsufficientScopeError,
    InvalidCredentialsError,
    InvalidTokenError,
    MissingTokenError,
    PasswordPolicyError,
    RefreshTokenError,
    RefreshTokenReuseError,
    UsernameTakenError,
)
from authdemo.keys import KeySet, ephemeral_keys, load_key_dir
from authdemo.passwords import MAX_PASSWORD_BYTES, PasswordHasher, check_hashable, check_policy
from authdemo.service import Auth, TokenPair
from authdemo.tokens import AccessClaims, decode_access_token

log = logging.getLogger("authdemo")

REALM = 'Bearer realm="authdemo"'
# RFC 6749 5.1: a response that carries tokens must not be stored by any cache.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
MAX_BODY_BYTES = 16 * 1024
RETRY_AFTER_SECONDS = 1

Username = Annotated[str, Field(min_length=3, max_length=32, pattern=r"^[a-z0-9_.-]+$")]
Password = Annotated[SecretStr, Field(min_length=1, max_length=MAX_PASSWORD_BYTES)]


class NewAccount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Username
    password: Password

    @field_validator("password")
    @classmethod
    def _policy(cls, value: SecretStr) -> SecretStr:
        check_policy(value.get_secret_value())  # PasswordPolicyError is a ValueError -> 422
        return value


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Password

    @field_validator("password")
    @classmethod
    def _length(cls, value: SecretStr) -> SecretStr:
        check_hashable(value.get_secret_value())
        return value


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: Annotated[str, Field(min_length=1, max_length=256)]


class UserOut(BaseModel):
    id: int
    username: str
    scopes: list[str]


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int

    @classmethod
    def of(cls, pair: TokenPair) -> TokenOut:
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            token_type=pair.token_type,
            expires_in=pair.expires_in,
        )


class ErrorOut(BaseModel):
    detail: str


class FieldErrorOut(BaseModel):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(BaseModel):
    """Every 422, from pydantic or from the password policy: a list, never the input."""

    detail: list[FieldErrorOut]


Responses = dict[int | str, dict[str, Any]]


def error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


# What each route really answers besides its success, for the OpenAPI schema (a client
# generated from it must know them all; tests/test_fuzz.py checks it against a real server).
JSON_BODY: Responses = {
    400: error("The body is not valid UTF-8 JSON"),
    413: {  # sent by Starlette's body limit, as plain text
        "description": f"The body is over {MAX_BODY_BYTES} bytes",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    422: {"model": ValidationErrorOut, "description": "A field is invalid"},
}
NEEDS_TOKEN: Responses = {401: error("Missing or invalid bearer token (see WWW-Authenticate)")}
HASHING: Responses = {503: error("Every password-hashing slot is busy: retry after Retry-After")}
BAD_CREDENTIALS: Responses = {401: error("Invalid username or password, or invalid refresh token")}

bearer = HTTPBearer(auto_error=False, description="An access token from POST /login")


def get_auth(request: Request) -> Auth:
    auth: Auth = request.app.state.auth
    return auth


AuthDep = Annotated[Auth, Depends(get_auth)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_token(
    security_scopes: SecurityScopes, credentials: BearerDep, auth: AuthDep
) -> AccessClaims:
    """The verified claims of the request's bearer token, with the scopes the route needs.

    Use as `Security(require_token, scopes=["admin"])`; FastAPI collects the scopes of every
    `Security` in the chain into `security_scopes`.
    """
    if credentials is None:  # no header, an empty one, or another scheme (Basic ...)
        raise MissingTokenError()
    claims = decode_access_token(credentials.credentials, auth.keys, auth.settings)
    missing = [scope for scope in security_scopes.scopes if scope not in claims.scopes]
    if missing:
        raise InsufficientScopeError(security_scopes.scopes)
    return claims


Claims = Annotated[AccessClaims, Security(require_token)]
AdminClaims = Annotated[AccessClaims, Security(require_token, scopes=["admin"])]


def _auth_error(exc: AuthError, request_id: str = "-") -> JSONResponse:
    """The only place an auth failure becomes a response."""
    status, detail, challenge = 401, "", REALM
    match exc:
        case MissingTokenError():
            detail = "missing bearer token"
        case InvalidTokenError():
            detail, challenge = "invalid token", f'{REALM}, error="invalid_token"'
            log.info("access token rejected: %s", exc.reason)
        case InsufficientScopeError():
            status, detail = 403, "insufficient scope"
            scope = " ".join(exc.scopes)
            challenge = f'{REALM}, error="insufficient_scope", scope="{scope}"'
        case InvalidCredentialsError():
            detail = "invalid username or password"
        case RefreshTokenError():
            detail, challenge = "invalid refresh token", f'{REALM}, error="invalid_token"'
            if isinstance(exc, RefreshTokenReuseError):
                log.warning("refresh token reused: family revoked")
        case UsernameTakenError():
            return JSONResponse({"detail": "username is taken"}, status_code=409)
        case PasswordPolicyError():
            # The same shape as every other 422 (the pydantic models catch this first).
            field = {
                "type": "value_error",
                "loc": ["body", "password"],
                "msg": f"Value error, {exc}",
            }
            return JSONResponse({"detail": [field]}, status_code=422)
        case HashingBusyError():
            log.warning(
                "503 request_id=%s: every password-hashing slot is busy", request_id, exc_info=exc
            )
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
            return JSONResponse({"detail": "busy, try again"}, status_code=503, headers=headers)
        case _:
            log.error("500 request_id=%s: unmapped auth error", request_id, exc_info=exc)
            return JSONResponse({"detail": "internal error"}, status_code=500)
    return JSONResponse(
        {"detail": detail}, status_code=status, headers={"WWW-Authenticate": challenge}
    )


def _validation_error(errors: list[Any]) -> JSONResponse:
    """422 with type, location and message, but never the `input` (it may be a password)."""
    detail = [{"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"]} for e in errors]
    return JSONResponse({"detail": detail}, status_code=422)


def build_keys(settings: Settings) -> KeySet:
    """The signing keys; a key directory that cannot be used is a `ConfigError`."""
    if settings.key_dir is None:
        if settings.active_kid is not None:
            raise ConfigError([("AUTHDEMO_ACTIVE_KID", "needs AUTHDEMO_KEY_DIR")])
        return ephemeral_keys()
    if (
        settings.active_kid is not None
        and not (settings.key_dir / f"{settings.active_kid}.pem").is_file()
    ):
        raise ConfigError(
            [("AUTHDEMO_ACTIVE_KID", f"no {settings.active_kid}.pem in AUTHDEMO_KEY_DIR")]
        )
    try:
        return load_key_dir(settings.key_dir, settings.active_kid)
    except (OSError, ValueError) as exc:
        raise ConfigError([("AUTHDEMO_KEY_DIR", str(exc))]) from exc


def create_app(settings: Settings | None = None, keys: KeySet | None = None) -> FastAPI:
    """The composition root. With no settings, read them from the environment."""
    settings = load_settings() if settings is None else settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(settings.db_path)
        store.init()
        hasher = PasswordHasher(settings.hashing)
        key_set = build_keys(settings) if keys is None else keys
        app.state.auth = Auth(store, hasher, key_set, settings.tokens)
        log.info("lifespan.startup db=%s", settings.db_path)
        yield

    app = FastAPI(
        title="authdemo",
        version="0.1.0",
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,
        middleware=[Middleware(RequestIdMiddleware)],
    )

    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> JSONResponse:
        return _auth_error(exc, request.state.request_id)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_error(list(exc.errors()))

    @app.post(
        "/register",
        status_code=201,
        responses={**JSON_BODY, 409: error("The username is taken"), **HASHING},
    )
    def register(body: NewAccount, auth: AuthDep) -> UserOut:
        user_id = auth.register(body.username, body.password.get_secret_value())
        return UserOut(id=user_id, username=body.username, scopes=[])

    @app.post("/login", responses={**JSON_BODY, **BAD_CREDENTIALS, **HASHING})
    def login(body: LoginIn, response: Response, auth: AuthDep) -> TokenOut:
        response.headers.update(NO_STORE)
        return TokenOut.of(auth.login(body.username, body.password.get_secret_value()))

    @app.post("/refresh", responses={**JSON_BODY, **BAD_CREDENTIALS})
    def refresh(body: RefreshIn, response: Response, auth: AuthDep) -> TokenOut:
        response.headers.update(NO_STORE)
        return TokenOut.of(auth.refresh(body.refresh_token))

    @app.post("/logout", status_code=204, responses=JSON_BODY)
    def logout(body: RefreshIn, auth: AuthDep) -> None:
        auth.logout(body.refresh_token)

    @app.get("/me", responses=NEEDS_TOKEN)
    def me(claims: Claims, auth: AuthDep) -> UserOut:
        subject = claims.subject
        user = (
            auth.store.get_user(int(subject)) if subject.isascii() and subject.isdigit() else None
        )
        if user is None:  # deleted since the token was issued
            raise InvalidTokenError("subject no longer exists")
        return UserOut(id=user.id, username=user.username, scopes=sorted(user.scopes))

    @app.get("/admin/users", responses={**NEEDS_TOKEN, 403: error("The token lacks scope admin")})
    def admin_users(claims: AdminClaims, auth: AuthDep) -> list[UserOut]:
        return [
            UserOut(id=u.id, username=u.username, scopes=sorted(u.scopes))
            for u in auth.store.list_users()
        ]

    @app.get("/.well-known/jwks.json")
    def jwks(auth: AuthDep) -> dict[str, Any]:
        return auth.keys.jwks()

    return app
