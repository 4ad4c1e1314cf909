// What the page says about a view and about what went wrong, in words a store's staff
// can act on.

/** What the list holds: the list's heading and the page's title. */
export function describeView(view) {
  if (view.q) return `Customers matching “${view.q}”`;
  if (!view.letter) return "All customers";
  const field = view.by === "email" ? "e-mail" : "last name";
  return view.letter === "#"
    ? `Customers whose ${field} does not start with a letter A–Z`
    : `Customers whose ${field} starts with ${view.letter}`;
}

/** Why a page of the list is empty. */
export function emptyText(view) {
  if (view.cursors.length > 0) return "No more customers: this page is past the end of the list.";
  if (view.q) return `No customer matches “${view.q}”.`;
  if (view.letter) return `No customers under ${view.letter}.`;
  return "No customers yet.";
}

/** The API refused a sort for this filter: it holds too many customers to sort that way. */
export function unsupportedSortText(view, columnTitle) {
  const narrow = view.q ? "Narrow the search with more words or letters" : "Narrow the filter";
  return (
    `Too many customers match to sort them by ${columnTitle.toLowerCase()}. ` +
    `${narrow}, or sort by name.`
  );
}

/**
 * What went wrong with a request.
 * @param {string} what what was being loaded, e.g. "The customer list"
 * @param {import("./api.js").ApiError} error
 * @param {string} mode the sign-in mode: "local" or "cognito"
 */
export function problemText(what, error, mode) {
  if (error.status === 0) return `${what} could not be loaded: the Customers API did not answer.`;
  if (error.status === 401) {
    return mode === "local"
      ? "The API did not accept the local token. Restart local mode and reload this page."
      : "The API did not accept your sign-in. Reload the page to sign in again.";
  }
  if (error.status === 403) return `Your account is not allowed to see this. (${error.message})`;
  if (error.status === 429) return "The API is busy. Wait a moment and try again.";
  return `${what} could not be loaded (${error.status}): ${error.message}`;
}
