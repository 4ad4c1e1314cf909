// The page's view lives in its address, so that a view can be bookmarked, reloaded and
// shared, and Back returns to the previous one. This module turns one into the other.
//
// The address holds the page number and the current page's cursor only, so it stays short
// however far staff page. The cursors of the pages before it travel in the history entry's
// state, which reload and Back keep; an address opened afresh (a bookmark, a shared link)
// knows no earlier cursors, and its way back is to the first page.

export const LETTERS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"];
export const FILTER_BY = ["last_name", "email"];
export const SORT_COLUMNS = [
  "last_name", "first_name", "email", "login", "status",
  "orders_count", "total_paid", "total_amount", "group", "created_at",
];
export const PAGE_SIZES = [10, 25, 50, 100, 200];

export const DEFAULT_VIEW = Object.freeze({
  letter: null,
  by: "last_name",
  q: "",
  sort: "last_name",
  order: "asc",
  limit: 50,
  // The cursors that led to the current page, oldest first: the last one fetches this
  // page, popping it goes back one. Empty on the first page; an earlier cursor the page
  // does not know (opened from an address) is null.
  cursors: [],
  customer: null,
});

// Deeper than anyone pages by hand; keeps a hand-edited page number from making a huge trail.
const MAX_PAGE = 10_000;

/**
 * Reads a view from a query string and, when the history entry has one, its state. Values
 * that are not among their choices fall back to the defaults, so a hand-edited or outdated
 * address still opens a working page.
 * @param {string} search location.search
 * @param {{cursors?: unknown}} [state] history.state
 */
export function parseView(search, state = null) {
  const params = new URLSearchParams(search);
  const pick = (name, choices, fallback) =>
    choices.includes(params.get(name)) ? params.get(name) : fallback;
  const limit = Number(params.get("limit"));

  return {
    letter: pick("letter", LETTERS, null),
    by: pick("by", FILTER_BY, DEFAULT_VIEW.by),
    // Kept whole, even past what the API takes: the API's refusal then says so, where
    // cutting it here would search for something else without a word.
    q: (params.get("q") ?? "").trim(),
    sort: pick("sort", SORT_COLUMNS, DEFAULT_VIEW.sort),
    order: pick("order", ["asc", "desc"], DEFAULT_VIEW.order),
    limit: PAGE_SIZES.includes(limit) ? limit : DEFAULT_VIEW.limit,
    cursors: cursorTrail(params, state),
    customer: params.get("customer") || null,
  };
}

// The trail to the address's page: the state's when it leads to the address's cursor,
// else unknown (null) cursors before the address's own. A cursor without a page number
// it can stand at (2 and up) is not one this page wrote: the list starts at its first page.
function cursorTrail(params, state) {
  const cursor = params.get("cursor");
  const page = Number(params.get("page"));
  if (!cursor || !Number.isInteger(page) || page < 2 || page > MAX_PAGE) return [];
  const pagesBefore = page - 1;
  const known = state?.cursors;
  const fits =
    Array.isArray(known) &&
    known.length === pagesBefore &&
    known.at(-1) === cursor &&
    known.every((each) => each === null || typeof each === "string");
  return fits ? known : [...Array(pagesBefore - 1).fill(null), cursor];
}

/** What the history entry of a view keeps beside its address. */
export function historyState(view) {
  return { cursors: view.cursors };
}

/**
 * Writes a view as a query string, leaving out defaults so addresses stay short.
 * URLSearchParams percent-encodes every value, so the letter `#` travels as %23.
 */
export function serializeView(view) {
  const params = new URLSearchParams();
  if (view.letter) params.set("letter", view.letter);
  if (view.by !== DEFAULT_VIEW.by) params.set("by", view.by);
  if (view.q) params.set("q", view.q);
  if (view.sort !== DEFAULT_VIEW.sort) params.set("sort", view.sort);
  if (view.order !== DEFAULT_VIEW.order) params.set("order", view.order);
  if (view.limit !== DEFAULT_VIEW.limit) params.set("limit", String(view.limit));
  if (view.cursors.length > 0) {
    params.set("page", String(view.cursors.length + 1));
    params.set("cursor", view.cursors.at(-1));
  }
  if (view.customer) params.set("customer", view.customer);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The query parameters of `GET /customers` for a view. */
export function listQuery(view) {
  const query = { sort: view.sort, order: view.order, limit: String(view.limit) };
  if (view.letter) Object.assign(query, { letter: view.letter, by: view.by });
  if (view.q) query.q = view.q;
  const cursor = view.cursors.at(-1);
  if (cursor) query.cursor = cursor;
  return query;
}

/** A key that changes exactly when the customer list must be fetched again. */
export function listKey(view) {
  return JSON.stringify(listQuery(view));
}

/** The view with a new filter: paging starts over, the sort and page size stay. */
export function withFilter(view, { letter = null, q = "" }) {
  return { ...view, letter, q, cursors: [], customer: null };
}
