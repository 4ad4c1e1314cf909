// A customer's details, drawn into the detail dialog: who they are, their addresses and
// every order.

import { el, fragment, replaceChildren } from "./dom.js";
import {
  formatCount,
  formatDateTime,
  orderStatusWords,
  statusWords,
} from "./format.js";

/** The heading for a customer: the name, else the login, isolated in its direction. */
export function customerTitle(customer) {
  const parts = [customer.first_name, customer.last_name].filter((part) => part);
  if (parts.length === 0) return el("bdi", {}, customer.login);
  const isolated = parts.map((part) => el("bdi", {}, part));
  return isolated.length === 2 ? fragment(isolated[0], " ", isolated[1]) : isolated[0];
}

/**
 * Draws a customer's details.
 * @param {HTMLElement} container
 * @param {object} customer the answer of GET /customers/{id}
 * @param {(amount: string) => string} money
 */
export function renderDetail(container, customer, money) {
  replaceChildren(
    container,
    facts(customer, money),
    el(
      "div",
      { class: "addresses" },
      addressSection("Billing address", customer.addresses?.billing),
      addressSection("Shipping address", customer.addresses?.shipping),
    ),
    ordersSection(customer.orders ?? [], money),
  );
}

function facts(customer, money) {
  const rows = [
    ["Login", typed(customer.login)],
    ["E-mail", typed(customer.email)],
    ["Status", statusWords(customer.status)],
    ["Membership group", customer.group ? typed(customer.group.name) : "None"],
    ["Phone", customer.phone ? typed(customer.phone) : "None on record"],
    ["Company", customer.company ? typed(customer.company) : "None on record"],
    ["Customer since", time(customer.created_at)],
    ["Orders", formatCount(customer.orders_count)],
    ["Total paid", money(customer.total_paid)],
    ["Total amount", money(customer.total_amount)],
  ];
  return el(
    "dl",
    { class: "facts" },
    ...rows.map(([term, value]) => fragment(el("dt", {}, term), el("dd", {}, value))),
  );
}

function addressSection(title, address) {
  const heading = el("h3", {}, title);
  if (!address) return el("section", {}, heading, secondary("None on record"));

  // Postal code and city share a line, each in its own direction.
  const cityParts = [address.postal_code, address.city].filter((part) => part).map(typed);
  const lines = [
    address.street ? [typed(address.street)] : [],
    cityParts.length === 2 ? [cityParts[0], " ", cityParts[1]] : cityParts,
    address.state ? [typed(address.state)] : [],
    address.country ? [typed(address.country)] : [],
  ].filter((parts) => parts.length > 0);
  return el(
    "section",
    {},
    heading,
    el("address", {}, ...lines.map((parts) => el("span", { class: "address-line" }, ...parts))),
  );
}

function ordersSection(orders, money) {
  const heading = el("h3", {}, `Orders (${formatCount(orders.length)})`);
  if (orders.length === 0) return el("section", {}, heading, secondary("No orders yet."));

  const rows = orders.map((order) =>
    el(
      "tr",
      {},
      el("td", {}, typed(order.id)),
      el("td", {}, time(order.placed_at)),
      el("td", {}, orderStatusWords(order.status)),
      el("td", { class: "numeric" }, money(order.total)),
    ),
  );
  const head = el(
    "tr",
    {},
    ...["Order", "Date", "Status"].map((title) => el("th", { scope: "col" }, title)),
    el("th", { scope: "col", class: "numeric" }, "Amount"),
  );
  return el(
    "section",
    {},
    heading,
    el(
      "div",
      { class: "table-wrap" },
      el("table", { class: "orders" }, el("thead", {}, head), el("tbody", {}, ...rows)),
    ),
  );
}

// What a customer or an import typed, isolated in its own direction (see customerTitle).
function typed(text) {
  return el("bdi", {}, text);
}

function secondary(text) {
  return el("p", { class: "secondary" }, text);
}

// A <time> keeps the exact ISO value beside the readable one.
function time(iso) {
  return iso ? el("time", { datetime: iso }, formatDateTime(iso)) : "Unknown";
}
