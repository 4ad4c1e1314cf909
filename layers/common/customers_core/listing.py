"""GET /customers: every listing is a Query on a partition built for it, never a Scan.

Served by an index (any sort, either direction):
- the full list: the 27 last-name-letter partitions `N#<L>`, merged (k = 27);
- a letter by last name: `N#<L>`; by e-mail: `E#<l>` (one partition);
- a status or a group: `S#<status>#<L>` or `G#<group>#<L>`, merged (k = 27), or one
  partition when a last-name letter is given too.

Anything else (a search, a status and a group together, an e-mail letter with a status or
group) is answered from a bounded candidate set sorted in memory: at most MAX_SORTED
candidates, past which the answer is UnsupportedSort asking to narrow the filter.
"""

from __future__ import annotations

import contextvars
import math
from collections import deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from customers_core import customers
from customers_core.cursors import decode_cursor, encode_cursor, listing_fingerprint
from customers_core.customers import NO_GROUP_PARTITION, SEPARATOR
from customers_core.errors import InvalidField, UnsupportedSort
from customers_core.models import (
    PROFILE,
    SORT_ATTRIBUTES,
    CustomerItem,
    SearchToken,
    sort_index,
)
from customers_core.text import LETTERS, letter_of, matches_all, query_words

MAX_SORTED = 1000
# Each word of a search may cost a query; a name, an e-mail and a login rarely need more.
MAX_QUERY_WORDS = 8
# Tokens read per query of one search word: the first round, and the most any round reads.
SEARCH_FIRST_PAGE = 100
SEARCH_LAST_PAGE = 800
# Tokens one search may read over all its words before it is called too broad: a word
# with MAX_SORTED customers takes about 1,500 tokens, so four such words still fit.
SEARCH_TOKEN_BUDGET = 6000
# The first read of each partition of a merged listing runs in parallel: 27 small queries
# one after another would cost latency, not capacity.
_partition_readers = ThreadPoolExecutor(max_workers=9, thread_name_prefix="partition")


@dataclass(frozen=True)
class ListingRequest:
    letter: str | None = None
    by: str = "last_name"
    q: str | None = None
    status: str | None = None
    group: str | None = None
    sort: str = "last_name"
    order: str = "asc"
    limit: int = 50
    cursor: str | None = None


@dataclass
class Page:
    items: list[CustomerItem]
    next_cursor: str | None


def list_customers(request: ListingRequest) -> Page:
    words = query_words(request.q)
    if len(words) > MAX_QUERY_WORDS:
        raise InvalidField(
            f"A search takes at most {MAX_QUERY_WORDS} words.",
            fields={"q": f"more than {MAX_QUERY_WORDS} words"},
        )
    fingerprint = listing_fingerprint(
        letter=request.letter,
        # Without a letter, `by` changes nothing: a page's cursor serves either value.
        by=request.by if request.letter else None,
        words=words,
        status=request.status,
        group=request.group,
        sort=request.sort,
        order=request.order,
    )
    after = decode_cursor(request.cursor, fingerprint) if request.cursor else None
    ascending = request.order == "asc"
    attribute = SORT_ATTRIBUTES[request.sort]

    partitions = index_partitions(request, words)
    if partitions is not None:
        reader = MergedIndexReader(request.sort, partitions, ascending, after)
        items = reader.take(request.limit + 1)
    else:
        candidates = search_candidates(words, request) if words else scope_candidates(request)
        items = _sorted_page(candidates, attribute, ascending, after, request.limit + 1)
        items = _with_full_profiles(items)

    page, more = items[: request.limit], len(items) > request.limit
    next_cursor = encode_cursor(getattr(page[-1], attribute), fingerprint) if more else None
    return Page(items=page, next_cursor=next_cursor)


def index_partitions(request: ListingRequest, words: list[str]) -> list[str] | None:
    """The partitions that hold exactly the listing, or None when no index serves it."""
    if words:
        return None
    status, group, letter = request.status, request.group, request.letter
    if letter and request.by == "email":
        return None if (status or group) else [f"E#{letter}"]
    if status and group:
        return None
    if status:
        prefix = f"S#{status}#"
    elif group:
        prefix = f"G#{group}#"
    else:
        prefix = "N#"
    return [prefix + letter] if letter else [prefix + each for each in LETTERS]


class _PartitionReader:
    """Reads one partition of a sort index forward from a position, a few items at a time."""

    def __init__(self, sort: str, partition: str, ascending: bool, after: Any) -> None:
        self.index = sort_index(sort)
        self.attribute = getattr(CustomerItem, SORT_ATTRIBUTES[sort])
        self.partition = partition
        self.ascending = ascending
        self.position = after
        self.buffer: deque[CustomerItem] = deque()
        self.exhausted = False
        self.last_fetch = 0

    def fetch(self, count: int) -> None:
        self.last_fetch = count
        condition = None
        if self.position is not None:
            if self.ascending:
                condition = self.attribute > self.position
            else:
                condition = self.attribute < self.position
        results = self.index.query(
            self.partition,
            range_key_condition=condition,
            scan_index_forward=self.ascending,
            limit=count,
            page_size=count,
        )
        items = list(results)
        self.buffer.extend(items)
        if items:
            self.position = getattr(items[-1], self.attribute.attr_name)
        self.exhausted = len(items) < count or results.last_evaluated_key is None


class MergedIndexReader:
    """Merges k partitions of one sort index into one ordered stream.

    Each partition is read a small chunk at a time and refilled only when its next item
    may be the next of the merge, so a page costs about the page plus one small read per
    partition, whatever the size of the store.
    """

    def __init__(self, sort: str, partitions: list[str], ascending: bool, after: Any) -> None:
        self.readers = [_PartitionReader(sort, p, ascending, after) for p in partitions]
        self.ascending = ascending
        self.attribute = SORT_ATTRIBUTES[sort]

    def take(self, count: int) -> list[CustomerItem]:
        first_chunk = count if len(self.readers) == 1 else math.ceil(count / len(self.readers)) + 1
        self._fetch_all(first_chunk)

        taken: list[CustomerItem] = []
        while len(taken) < count:
            for reader in self.readers:
                if not reader.buffer and not reader.exhausted:
                    # Double the chunk each refill: a partition that keeps supplying the
                    # page (a letter, when sorting by last name) is read in a few queries,
                    # one that supplies an item now and then is not over-read.
                    reader.fetch(min(count - len(taken), 2 * reader.last_fetch))
            live = [reader for reader in self.readers if reader.buffer]
            if not live:
                break
            pick = min if self.ascending else max
            best = pick(live, key=lambda reader: getattr(reader.buffer[0], self.attribute))
            taken.append(best.buffer.popleft())
        return taken

    def _fetch_all(self, count: int) -> None:
        if len(self.readers) == 1:
            self.readers[0].fetch(count)
            return
        fetches = [
            _partition_readers.submit(contextvars.copy_context().run, reader.fetch, count)
            for reader in self.readers
        ]
        for fetch in fetches:
            fetch.result()


def search_candidates(words: list[str], request: ListingRequest) -> list[Any]:
    """Customers matching every word, read from the most selective word's tokens."""
    best = most_selective_word_matches(words)
    matches = [token for token in best.values() if matches_all(words, _words_of(token))]
    return _apply_filters(matches, request)


def most_selective_word_matches(words: list[str]) -> dict[str, SearchToken]:
    """The customers (by id, with one of their tokens) of the word that matches fewest.

    Which word that is shows only once its tokens are read to the end, so every word is
    read in step, a page each per round with pages doubling: the first word to run out
    decides, and the others have read at most about twice as much. A search therefore
    reads at most about 2 x words x the most selective word's tokens, never the store.
    """
    readers = [_WordTokens(word) for word in words]
    page = SEARCH_FIRST_PAGE
    while True:
        for reader in readers:
            if not reader.done:
                reader.read(page)
        finished = [reader for reader in readers if reader.exhausted and not reader.too_broad]
        if finished:
            return min(finished, key=lambda reader: len(reader.found)).found
        tokens_read = sum(reader.tokens_read for reader in readers)
        if all(reader.too_broad for reader in readers) or tokens_read > SEARCH_TOKEN_BUDGET:
            raise UnsupportedSort(
                f"More than {MAX_SORTED} customers match this search; type more letters "
                "or another word to narrow it.",
                fields={"q": f"matches more than {MAX_SORTED} customers"},
            )
        page = min(page * 2, SEARCH_LAST_PAGE)


class _WordTokens:
    """The search tokens that start with one query word, read a page at a time."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.found: dict[str, SearchToken] = {}
        self.start_key: dict[str, Any] | None = None
        self.exhausted = False
        self.tokens_read = 0

    @property
    def too_broad(self) -> bool:
        return len(self.found) > MAX_SORTED

    @property
    def done(self) -> bool:
        return self.exhausted or self.too_broad

    def read(self, page: int) -> None:
        results = SearchToken.search_tokens.query(
            self.word[:1],
            SearchToken.tk.startswith(self.word),
            limit=page,
            page_size=page,
            last_evaluated_key=self.start_key,
        )
        for token in results:
            # A customer has several tokens a word may start (a name, its words, e-mail).
            self.found.setdefault(token.pk, token)
            self.tokens_read += 1
        self.start_key = results.last_evaluated_key
        self.exhausted = self.start_key is None


def _words_of(token: SearchToken) -> list[str]:
    return [str(word) for word in token.words or []]


@dataclass(frozen=True)
class _Scope:
    """An index-served listing that holds every match, and at most how many it holds."""

    partitions: list[str]
    bound: float


def scope_candidates(request: ListingRequest) -> list[CustomerItem]:
    """For filter pairs no index serves: the narrowest served scope, if it is small.

    The counters tell how many customers a letter or a status holds, so the smallest of
    the scopes is read (a rare status is answered whatever the size of the letter).
    """
    scope = min(_scopes(request), key=lambda scope: scope.bound)
    members = MergedIndexReader("last_name", scope.partitions, True, None).take(MAX_SORTED + 1)
    if len(members) > MAX_SORTED:
        given = _filters_given(request)
        raise UnsupportedSort(
            f"Together, {' and '.join(given)} cover more than {MAX_SORTED} customers, too "
            "many to sort here; narrow them (a letter, a status or a group alone can be "
            "sorted at any size).",
            fields={name: f"with the others, more than {MAX_SORTED} customers" for name in given},
        )
    return _apply_filters(members, request)


def _scopes(request: ListingRequest) -> list[_Scope]:
    letter, by = request.letter, request.by
    name_letter = letter if letter and by == "last_name" else None
    letter_bound = float(customers.letter_count(by, letter)) if letter else math.inf
    within_letter = letter_bound if name_letter else math.inf
    scopes = []
    if letter:
        scopes.append(_Scope([("E#" if by == "email" else "N#") + letter], letter_bound))
    if request.status:
        status_bound = float(customers.status_count(request.status))
        partitions = _each_letter(f"S#{request.status}#", name_letter)
        scopes.append(_Scope(partitions, min(status_bound, within_letter)))
    if request.group:
        # NOTE: groups keep no counter of their own yet; a letter can still bound them.
        scopes.append(_Scope(_each_letter(f"G#{request.group}#", name_letter), within_letter))
    return scopes


def _each_letter(prefix: str, letter: str | None) -> list[str]:
    return [prefix + letter] if letter else [prefix + each for each in LETTERS]


def _filters_given(request: ListingRequest) -> list[str]:
    given = {"letter": request.letter, "status": request.status, "group": request.group}
    return [name for name, value in given.items() if value]


def _apply_filters(candidates: list[Any], request: ListingRequest) -> list[Any]:
    """Keep the candidates that pass every filter; tokens are swapped for profiles first
    when a filter or the sort needs more than a token carries."""
    needs_profile = bool(request.status or request.group or request.by == "email")
    needs_profile = needs_profile or request.sort != "last_name"
    if needs_profile and candidates and isinstance(candidates[0], SearchToken):
        candidates = _profiles([token.pk for token in candidates])
    return [item for item in candidates if _passes(item, request)]


def _passes(item: Any, request: ListingRequest) -> bool:
    if request.letter:
        if request.by == "email":
            if letter_of(item.email) != request.letter:
                return False
        elif letter_of(item.s_last_name.split(SEPARATOR)[0]) != request.letter:
            return False
    if request.status and item.status != request.status:
        return False
    return not (request.group and (item.group_id or NO_GROUP_PARTITION) != request.group)


def _sorted_page(
    candidates: Iterable[Any], attribute: str, ascending: bool, after: Any, count: int
) -> list[Any]:
    ordered = sorted(candidates, key=lambda item: getattr(item, attribute), reverse=not ascending)
    if after is not None:
        if ascending:
            ordered = [item for item in ordered if getattr(item, attribute) > after]
        else:
            ordered = [item for item in ordered if getattr(item, attribute) < after]
    return ordered[:count]


def _with_full_profiles(items: list[Any]) -> list[CustomerItem]:
    """Search pages sorted by last name hold tokens; read just the page's profiles."""
    if not items or isinstance(items[0], CustomerItem):
        return items
    by_id = {profile.pk: profile for profile in _profiles([token.pk for token in items])}
    return [by_id[token.pk] for token in items if token.pk in by_id]


def _profiles(customer_ids: list[str]) -> list[CustomerItem]:
    keys = [(customer_id, PROFILE) for customer_id in dict.fromkeys(customer_ids)]
    return list(CustomerItem.batch_get(keys)) if keys else []
