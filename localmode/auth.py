"""Staff sign-in against moto's Cognito, and token checks as API Gateway's authorizer does."""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import jwt

from localmode.settings import REGION

STAFF_LOGIN = "staff@example.com"
STAFF_GROUP = "managers"
# Refresh this long before the token's 3,600 s life ends, so a page never holds a dead one.
REFRESH_MARGIN_S = 600


class Unauthorized(Exception):
    """The request carries no token, or one the authorizer would refuse."""


@dataclass
class UserPool:
    pool_id: str
    client_id: str
    moto_endpoint: str

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{REGION}.amazonaws.com/{self.pool_id}"

    @property
    def jwks_url(self) -> str:
        return f"{self.moto_endpoint}/{self.pool_id}/.well-known/jwks.json"


@dataclass
class StaffSession:
    """A manager signed in to the local pool; keeps a valid ID token in `token_file`."""

    pool: UserPool
    token_file: Path
    _token: str = ""
    _password: str = ""
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def token(self) -> str:
        return self._token

    def sign_in(self) -> None:
        # moto forgets users at each start, so the password only lives for this process.
        password = f"Aa1-{secrets.token_urlsafe(24)}"
        client = boto3.client("cognito-idp")
        _create_staff_user(client, self.pool.pool_id, password)
        self._password = password
        self._renew()

    def keep_fresh(self) -> None:
        self._thread = threading.Thread(target=self._refresh_loop, name="token", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _renew(self) -> None:
        client = boto3.client("cognito-idp")
        answer = client.admin_initiate_auth(
            UserPoolId=self.pool.pool_id,
            ClientId=self.pool.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": STAFF_LOGIN, "PASSWORD": self._password},
        )
        self._token = answer["AuthenticationResult"]["IdToken"]
        _write_private(self.token_file, self._token)

    def _refresh_loop(self) -> None:
        while not self._stop.is_set():
            expires = jwt.decode(self._token, options={"verify_signature": False})["exp"]
            wait = max(expires - time.time() - REFRESH_MARGIN_S, 5)
            if self._stop.wait(wait):
                return
            try:
                self._renew()
            except Exception as error:  # keep trying: the old token still works
                print(f"local mode: token refresh failed ({error}); retrying in a minute")
                self._stop.wait(60)


def _create_staff_user(client: Any, pool_id: str, password: str) -> None:
    client.admin_create_user(
        UserPoolId=pool_id,
        Username=STAFF_LOGIN,
        MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": STAFF_LOGIN},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    client.admin_set_user_password(
        UserPoolId=pool_id, Username=STAFF_LOGIN, Password=password, Permanent=True
    )
    client.admin_add_user_to_group(UserPoolId=pool_id, Username=STAFF_LOGIN, GroupName=STAFF_GROUP)


def _write_private(path: Path, text: str) -> None:
    # Write then rename, so a reader never sees half a token; 0600 since it grants access.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.touch(mode=0o600)
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


class TokenVerifier:
    """Checks an ID token as API Gateway's Cognito authorizer does."""

    def __init__(self, pool: UserPool) -> None:
        self._pool = pool
        self._keys: jwt.PyJWKSet | None = None

    def claims(self, authorization: str | None) -> dict[str, Any]:
        """Verified claims of `Authorization: Bearer <token>`, or Unauthorized."""
        token = _bearer(authorization)
        try:
            key = self._signing_key(jwt.get_unverified_header(token).get("kid"))
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self._pool.client_id,
                issuer=self._pool.issuer,
                options={"require": ["exp", "iss", "aud", "token_use"]},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(f"The token was refused: {error}.") from error
        if claims.get("token_use") != "id":
            raise Unauthorized("The token was refused: it is not an ID token.")
        return claims

    def _signing_key(self, kid: str | None) -> Any:
        if self._keys is None:
            with urllib.request.urlopen(self._pool.jwks_url, timeout=5) as answer:
                self._keys = jwt.PyJWKSet.from_dict(json.load(answer))
        for key in self._keys.keys:
            if key.key_id == kid:
                return key.key
        raise Unauthorized("The token was refused: it is not signed by the staff user pool.")


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise Unauthorized("Sign in first: send Authorization: Bearer <token>.")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send the token as Authorization: Bearer <token>.")
    return token.strip()


def gateway_claims(claims: dict[str, Any]) -> dict[str, str]:
    """Claims as a REST API's Cognito authorizer passes them: every value a string."""
    shaped = {}
    for name, value in claims.items():
        if name in ("exp", "iat"):
            shaped[name] = _gateway_time(value)
        elif isinstance(value, list):
            shaped[name] = ",".join(str(item) for item in value)
        else:
            shaped[name] = str(value)
    return shaped


def _gateway_time(epoch: int) -> str:
    # API Gateway writes these two as "Thu Dec 03 18:00:00 UTC 2026".
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%a %b %d %H:%M:%S UTC %Y")
