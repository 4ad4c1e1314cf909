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
# Folded values become index sort keys (at most 1,024 bytes with the customer id): 200
# characters of up to 4 bytes each leave room. NOTE: two names that agree on their first
# 200 folded characters sort as equals (then by id), and a query word is cut alike.
KEY_CHARS = 200
_WORD_SPLIT = re.compile(r"[\s\-]+")


def fold(text: str | None) -> str:
    """Fold text to its search and sort form: one case, no accents or apostrophes, one
    space form, at most KEY_CHARS characters.

    NFKD and mark removal handle accents in either normal form; anyascii then spells the
    Latin letters that do not decompose (ø -> o, ł -> l, æ -> ae, ß -> ss, đ -> d) and
    typographic punctuation in ASCII. Letters of other scripts stay as they are (in one
    case), so that Иванов is found by иван and lists under #, as the API says.
    """
    if not text:
        return ""
    # Apostrophes go first: NFKD turns a spacing accent such as ´ into a space and a mark.
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    spelled = "".join(_spelled(char) for char in decomposed if not unicodedata.combining(char))
    # anyascii may spell some punctuation as apostrophes; fold those again.
    folded = _SPACES.sub(" ", _APOSTROPHES.sub("", spelled)).strip().casefold()
    return folded[:KEY_CHARS].rstrip()


def _spelled(char: str) -> str:
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category == "Cf":
        return ""  # invisible (zero-width, joiners, bidi marks): never part of a key
    is_latin_letter = category.startswith("L") and unicodedata.name(char, "").startswith("LATIN")
    if is_latin_letter or category[0] in "PZ":
        return anyascii(char)
    return char


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
