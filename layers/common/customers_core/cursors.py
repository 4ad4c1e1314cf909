"""Opaque, tamper-evident list cursors.

A cursor is the position after the last item of a page plus a fingerprint of the
listing it belongs to, signed with HMAC-SHA256. A forged, edited or truncated cursor,
or one from another listing, is refused as a 400 rather than answered with a 500 or with
somebody else's page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from customers_core.errors import InvalidCursor
from customers_core.settings import get_settings

_SIGNATURE_BYTES = 16


def _sign(payload: bytes) -> bytes:
    key = get_settings().cursor_secret
    return hmac.new(key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def listing_fingerprint(**listing: Any) -> str:
    """A short digest of what a listing is (filters, sort, order), to bind cursors to it."""
    canonical = json.dumps(listing, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


# A position is one sort key (at most 200 folded characters and an id): a cursor of it
# stays under 1,300 characters; anything longer was never issued here.
MAX_CURSOR_CHARS = 2000


def encode_cursor(position: Any, fingerprint: str) -> str:
    # UTF-8, not \u escapes: a name in another script would otherwise take 12 characters
    # a letter and the cursor would outgrow what the API takes back.
    position_json = {"p": position, "f": fingerprint}
    payload = json.dumps(position_json, separators=(",", ":"), ensure_ascii=False).encode()
    token = _sign(payload) + payload
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def decode_cursor(cursor: str, fingerprint: str) -> Any:
    """The position inside the cursor, or InvalidCursor when it fails any check."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise _invalid()
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        token = base64.urlsafe_b64decode(padded.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as error:
        raise _invalid() from error
    signature, payload = token[:_SIGNATURE_BYTES], token[_SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _sign(payload)):
        raise _invalid()
    decoded = json.loads(payload)
    if decoded.get("f") != fingerprint:
        raise InvalidCursor(
            "This cursor belongs to another listing; start again from the first page.",
            fields={"cursor": "belongs to another filter or sort"},
        )
    return decoded["p"]


def _invalid() -> InvalidCursor:
    return InvalidCursor(
        "The cursor is not one this service issued; start again from the first page.",
        fields={"cursor": "malformed or altered"},
    )
