"""One normaliser for every search key, sort key, letter and query.

The same functions run when a customer is written and when staff search, so that every
spelling a person or an import can produce of one name (case, accents, composed or
decomposed Unicode, typographic apostrophes, extra spaces, letters such as ø or ß that
do not decompose) lands on the same key.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

LETTERS = (*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#")
OTHER_LETTER = "#"

# Every apostrophe-like mark people or imports type; all are dropped.
_APOSTROPHES = re.compile("['\u2018\u2019\u201b\u02bc\u02bb\u02b9\u02bd\u0060\u00b4\u2032]")
_SPACES = re.compile(r"\s+")
_WORD_SPLIT = re.compile(r"[\s\-]+")


def fold(text: str | None) -> str:
    """Fold text to plain lowercase ASCII with one space form and no apostrophes.

    NFKD and mark removal handle accents in either normal form; anyascii then spells
    the letters that do not decompose (ø -> o, ł -> l, æ -> ae, ß -> ss, đ -> d) and
    other scripts in Latin letters, so that they can still be found and sorted.
    """
    if not text:
        return ""
    # Apostrophes go first: NFKD turns a spacing accent such as ´ into a space and a mark.
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    latin = anyascii(_APOSTROPHES.sub("", without_marks))
    # anyascii may spell some symbols as apostrophes or add spaces; fold those again.
    latin = _APOSTROPHES.sub("", latin)
    return _SPACES.sub(" ", latin).strip().lower()


def letter_of(text: str | None) -> str:
    """The navigation letter a value lists under: A-Z, or # for anything else."""
    folded = fold(text)
    first = folded[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_LETTER


def name_tokens(name: str | None) -> set[str]:
    """The name taken whole and each of its words (split at spaces and hyphens)."""
    whole = fold(name)
    if not whole:
        return set()
    words = {word for word in _WORD_SPLIT.split(whole) if word}
    return {whole, *words}


def search_tokens(*, email: str, login: str, first_name: str, last_name: str) -> set[str]:
    """Every string a query word may be the start of, for one customer."""
    tokens = {fold(email), fold(login)}
    tokens |= name_tokens(first_name)
    tokens |= name_tokens(last_name)
    tokens.discard("")
    return tokens


def query_words(query: str | None) -> list[str]:
    """Split search text at spaces and fold each word; empty words are dropped."""
    words = [fold(word) for word in _SPACES.split(query or "")]
    unique: list[str] = []
    for word in words:
        if word and word not in unique:
            unique.append(word)
    return unique


def matches_all(words: list[str], tokens: set[str] | list[str]) -> bool:
    """True when every query word is the start of at least one of the tokens."""
    return all(any(token.startswith(word) for token in tokens) for word in words)
