// What the page says about a view and about what went wrong, in words a store's staff
// can act on.

// The texts that quote what staff typed take `isolate`, which wraps that text so that its
// direction (a right-to-left mark in it, say) cannot reorder the words around it: a <bdi>
// element on the page, isolate marks in the window's title.

/**
 * What the list holds: the list's heading and the page's title, as parts to join.
 * @param {object} view
 * @param {(text: string) => Node | string} isolate
 */
export function describeView(view, isolate) {
  if (view.q) return ["Customers matching “", isolate(view.q), "”"];
  if (!view.letter) return ["All customers"];
  const field = view.by === "email" ? "e-mail" : "last name";
  return view.letter === "#"
    ? [`Customers whose ${field} does not start with a letter A–Z`]
    : [`Customers whose ${field} starts with ${view.letter}`];
}

/** Why a page of the list is empty, as parts to join (see describeView). */
export function emptyText(view, isolate) {
  if (view.cursors.length > 0) {
    return ["No more customers: this page is past the end of the list."];
  }
  if (view.q) return ["No customer matches “", isolate(view.q), "”."];
  if (view.letter) return [`No customers under ${view.letter}.`];
  return ["No customers yet."];
}

/** The API refused a sort for this filter: it holds too many customers to sort that way. */
export function unsupportedSortText(view, columnTitle) {
  const narrow = view.q ? "Narrow the search with more words or letters" : "Narrow the filter";
  if (view.sort === "last_name") {
    return `Too many customers match to list them here. ${narrow}.`;
  }
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
  // The API names each field at fault with its problem: say those, not only "check q".
  const problems = Object.entries(error.fields ?? {}).map(([field, problem]) => {
    return `${field} ${problem}`;
  });
  const details = problems.length > 0 ? ` (${problems.join("; ")})` : "";
  return `${what} could not be loaded (${error.status}): ${error.message}${details}`;
}
