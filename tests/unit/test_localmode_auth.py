"""Staff sign-in against moto's Cognito and the token check of the local gateway."""

from __future__ import annotations

import gzip
import json
import logging
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import moto.cognitoidp
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.server import ThreadedMotoServer

from localmode import resources, template
from localmode.auth import StaffSession, TokenVerifier, Unauthorized, UserPool
from localmode.dynamodb_local import free_port


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def pool(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> UserPool:
    """The template's staff pool, client and groups, made on moto's server."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    parsed = template.load()
    resolver = template.Resolver(parsed)
    kinds = {
        "AWS::Cognito::UserPool": resources.create_user_pool,
        "AWS::Cognito::UserPoolClient": resources.create_user_pool_client,
        "AWS::Cognito::UserPoolGroup": resources.create_user_pool_group,
    }
    for kind, create in kinds.items():
        for logical_id, props in template.resources_of_type(parsed, kind):
            create(resolver, logical_id, props)
    return UserPool(
        resolver.refs["StaffUserPool"], resolver.refs["StaffUserPoolClient"], moto_endpoint
    )


def moto_private_key() -> dict:
    path = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
    return json.loads(gzip.decompress(path.read_bytes()))


def claims_for(pool: UserPool, **changes: object) -> dict:
    now = int(time.time())
    claims = {"iss": pool.issuer, "aud": pool.client_id, "token_use": "id", "sub": "s",
              "iat": now, "exp": now + 600, "cognito:groups": ["managers"]}  # fmt: skip
    claims.update(changes)
    return claims


def signed_by_moto(claims: dict) -> str:
    key = jwt.PyJWK.from_dict(moto_private_key())
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": key.key_id})


def test_a_signed_in_manager_gets_an_id_token_the_gateway_accepts(
    pool: UserPool, tmp_path: Path
) -> None:
    # GIVEN the staff pool of template.yaml on moto
    session = StaffSession(pool, tmp_path / "admin-token")

    # WHEN the staff user signs in
    session.sign_in()

    # THEN the token is written for the owner only and verifies as a manager's ID token
    token_file = tmp_path / "admin-token"
    assert token_file.read_text() == session.token
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    claims = TokenVerifier(pool).claims(f"Bearer {session.token}")
    assert claims["cognito:groups"] == ["managers"]
    assert claims["token_use"] == "id"
    assert claims["aud"] == pool.client_id
    assert claims["exp"] - time.time() > 3000


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"exp": 1}, "expired"),
        ({"aud": "another-client"}, "(?i)audience"),
        ({"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"}, "(?i)issuer"),
        ({"token_use": "access"}, "ID token"),
    ],
)
def test_a_token_the_authorizer_would_refuse_is_unauthorized(
    pool: UserPool, changes: dict, reason: str
) -> None:
    # GIVEN a token signed with the pool's key but wrong in one claim
    token = signed_by_moto(claims_for(pool, **changes))

    # WHEN it is checked, THEN it is refused, saying why
    with pytest.raises(Unauthorized, match=reason):
        TokenVerifier(pool).claims(f"Bearer {token}")


def test_a_token_signed_by_another_key_is_unauthorized(pool: UserPool) -> None:
    # GIVEN a token with the right claims and moto's key id, signed by another key
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = moto_private_key()["kid"]
    token = jwt.encode(claims_for(pool), other, algorithm="RS256", headers={"kid": kid})

    # WHEN it is checked, THEN it is refused
    with pytest.raises(Unauthorized, match="Signature"):
        TokenVerifier(pool).claims(f"Bearer {token}")


@pytest.mark.slow
def test_the_token_is_renewed_before_it_expires(
    pool: UserPool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a signed-in session whose refresh margin is almost the token's whole life
    monkeypatch.setattr("localmode.auth.REFRESH_MARGIN_S", 3600)
    session = StaffSession(pool, tmp_path / "admin-token")
    session.sign_in()
    first = session.token

    # WHEN it keeps the token fresh for a while
    session.keep_fresh()
    try:
        deadline = time.monotonic() + 20
        while session.token == first and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        session.stop()

    # THEN a new valid token replaced the old one, in the file too
    assert session.token != first
    assert (tmp_path / "admin-token").read_text() == session.token
    assert TokenVerifier(pool).claims(f"Bearer {session.token}")["cognito:groups"] == ["managers"]
