// The customer list: its columns, sortable headers and rows.

import { el, fragment, replaceChildren } from "./dom.js";
import { formatCount, statusWords } from "./format.js";

// The columns in order. Each names the API sort it stands for. Amounts and counts sort
// largest first on the first click, since that is what people look for in them.
// NOTE: row selection, in the next part of the page, goes in as a new first column here.
export const COLUMNS = [
  { title: "Status", sort: "status", cell: statusCell },
  { title: "Login / e-mail", sort: "login", cell: loginCell },
  { title: "Name", sort: "last_name", cell: nameCell },
  { title: "Orders", sort: "orders_count", numeric: true, cell: ordersCell },
  { title: "Total paid", sort: "total_paid", numeric: true, cell: amountCell("total_paid") },
  { title: "Total amount", sort: "total_amount", numeric: true, cell: amountCell("total_amount") },
  { title: "Membership group", sort: "group", cell: groupCell },
];

const TITLE_BY_SORT = new Map(COLUMNS.map((column) => [column.sort, column.title]));

/** The title of the column a sort key belongs to, for messages. */
export function sortTitle(sort) {
  return TITLE_BY_SORT.get(sort) ?? sort.replace(/_/g, " ");
}

/** The order a column sorts in when it is chosen: largest first for numbers. */
export function firstOrder(sort) {
  return COLUMNS.find((column) => column.sort === sort)?.numeric ? "desc" : "asc";
}

/**
 * Draws the header row once: one sort button per column.
 * @param {HTMLTableRowElement} row
 * @param {(sort: string) => void} onSort
 */
export function renderHeader(row, onSort) {
  const cells = COLUMNS.map((column) => {
    const button = el(
      "button",
      { type: "button", class: "sort-button", "data-sort": column.sort },
      column.title,
      el("span", { class: "sort-arrow", "aria-hidden": "true" }),
    );
    button.addEventListener("click", () => onSort(column.sort));
    return el("th", { scope: "col", class: column.numeric ? "numeric" : null }, button);
  });
  replaceChildren(row, ...cells);
}

/**
 * Shows the active sort: aria-sort on its column header (and on no other), and an arrow.
 * Updating in place keeps the keyboard focus on the button that was pressed.
 * @param {HTMLTableRowElement} row
 * @param {{sort: string, order: string}} view
 */
export function markSort(row, view) {
  for (const button of row.querySelectorAll("button[data-sort]")) {
    const header = button.closest("th");
    const arrow = button.querySelector(".sort-arrow");
    if (button.dataset.sort !== view.sort) {
      header.removeAttribute("aria-sort");
      arrow.textContent = "";
      continue;
    }
    header.setAttribute("aria-sort", view.order === "asc" ? "ascending" : "descending");
    arrow.textContent = view.order === "asc" ? "▲" : "▼";
  }
}

/**
 * Draws one row per customer.
 * @param {HTMLTableSectionElement} body
 * @param {object[]} customers summaries from the API
 * @param {{money: (amount: string) => string, detailHref: (id: string) => string}} context
 */
export function renderRows(body, customers, context) {
  const rows = customers.map((customer) =>
    el(
      "tr",
      { "data-customer-id": customer.id },
      ...COLUMNS.map((column) =>
        el("td", { class: column.numeric ? "numeric" : null }, column.cell(customer, context)),
      ),
    ),
  );
  replaceChildren(body, ...rows);
}

/**
 * Draws a single row across the table that says why there are no customers to show.
 * @param {HTMLTableSectionElement} body
 * @param {(Node | string)[]} parts the message, as messages.js builds it
 */
export function renderMessageRow(body, parts) {
  const cell = el("td", { colspan: COLUMNS.length }, ...parts);
  replaceChildren(body, el("tr", { class: "message-row" }, cell));
}

function statusCell(customer) {
  const colour = `status status-${safeClass(customer.status)}`;
  return el("span", { class: colour }, statusWords(customer.status));
}

// The login opens the details. It is a real link to the page's address with the customer
// in it, so that it also opens in a new tab or window.
function loginCell(customer, { detailHref }) {
  const link = el(
    "a",
    { href: detailHref(customer.id), class: "customer-link", "data-customer-id": customer.id },
    el("bdi", {}, customer.login),
  );
  const showEmail = customer.email && customer.email !== customer.login;
  if (!showEmail) return link;
  return fragment(link, el("span", { class: "secondary" }, el("bdi", {}, customer.email)));
}

// Each part of a name in its own <bdi>: a right-to-left name keeps its own direction
// without reordering the comma and the other part.
function nameCell(customer) {
  const parts = [customer.last_name, customer.first_name].filter((part) => part);
  if (parts.length === 0) return el("span", { class: "secondary" }, "No name");
  const isolated = parts.map((part) => el("bdi", {}, part));
  return isolated.length === 2 ? fragment(isolated[0], ", ", isolated[1]) : isolated[0];
}

function ordersCell(customer) {
  return formatCount(customer.orders_count);
}

function amountCell(field) {
  return (customer, { money }) => money(customer[field]);
}

function groupCell(customer) {
  if (!customer.group) return el("span", { class: "secondary" }, "None");
  return el("bdi", {}, customer.group.name);
}

// A status goes into a class name for its colour; anything unexpected gets no colour.
function safeClass(value) {
  return /^[a-z_]+$/.test(value) ? value : "unknown";
}
