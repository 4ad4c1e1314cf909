// How values read on the page: statuses in words, amounts in the store currency, dates.

const STATUS_WORDS = {
  registered: "Registered",
  not_activated: "Not activated",
  password_reset: "Password reset",
  quick_checkout: "Quick checkout",
};

const ORDER_STATUS_WORDS = {
  pending: "Pending",
  paid: "Paid",
  declined: "Declined",
  refunded: "Refunded",
  cancelled: "Cancelled",
};

// The API's amounts are decimal strings; anything else is shown as it came.
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A customer status as people say it; an unknown value is shown as it came. */
export function statusWords(status) {
  return STATUS_WORDS[status] ?? String(status);
}

/** An order status as people say it; an unknown value is shown as it came. */
export function orderStatusWords(status) {
  return ORDER_STATUS_WORDS[status] ?? String(status);
}

/**
 * Returns a function that formats the API's decimal strings in the store currency.
 *
 * The string goes to Intl.NumberFormat as it is: Intl formats a numeric string as an exact
 * decimal, so no amount passes through a binary float. With no currency (the store's could
 * not be read), amounts show as plain numbers with two places rather than in a wrong one.
 * @param {string | null} currency ISO 4217 code
 * @param {string} [locale]
 */
export function moneyFormatter(currency, locale) {
  const options = currency
    ? { style: "currency", currency }
    : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  const format = new Intl.NumberFormat(locale, options);
  return (amount) => {
    const text = String(amount);
    return DECIMAL.test(text) ? format.format(text) : text;
  };
}

/** True for a well-formed ISO 4217 code, which Intl accepts (a malformed one throws). */
export function isCurrencyCode(code) {
  return typeof code === "string" && /^[A-Za-z]{3}$/.test(code);
}

const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A count with the reader's digit grouping. */
export function formatCount(count) {
  return integerFormat.format(count);
}

// Order times are shown in UTC, labelled, because they are recorded in UTC and a date
// shifted into the reader's zone (an order at 00:00Z shown as the day before) misleads.
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** An ISO 8601 time as a readable UTC date and time; an unreadable one as it came. */
export function formatDateTime(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return String(iso);
  return `${dateTimeFormat.format(time)} UTC`;
}

/** "1 customer", "3 customers". */
export function customersNoun(count) {
  return `${formatCount(count)} ${count === 1 ? "customer" : "customers"}`;
}
