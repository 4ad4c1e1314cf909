// The Customers page: keeps the view in the address (history.pushState and popstate) and
// draws what the view asks for, loading only what changed.

import {
  firstOrder,
  markSort,
  renderHeader,
  renderMessageRow,
  renderRows,
  sortTitle,
} from "./customer-list.js";
import { DetailDialog } from "./detail-dialog.js";
import { byId, el, replaceChildren } from "./dom.js";
import { customersNoun, formatCount, isCurrencyCode, moneyFormatter } from "./format.js";
import { markActiveLetter, renderLetters } from "./letters.js";
import { describeView, emptyText, problemText, unsupportedSortText } from "./messages.js";
import {
  DEFAULT_VIEW,
  historyState,
  listKey,
  listQuery,
  parseView,
  serializeView,
  withFilter,
} from "./view-state.js";

// Text staff or customers typed, isolated so that its direction stays inside it.
const isolated = (text) => el("bdi", {}, text);
const isolatedText = (text) => `\u2068${text}\u2069`;

export class CustomersPage {
  /**
   * @param {import("./api.js").ApiClient} api
   * @param {{mode: string, signOut: (() => void) | null}} session
   */
  constructor(api, session) {
    this.api = api;
    this.session = session;
    this.view = parseView(window.location.search, window.history.state);
    this.ui = findElements();
    this.total = null;
    this.letterCounts = null;
    this.lettersBy = null;
    this.listShownFor = null;
    this.nextCursor = null;
    this.pageItems = undefined; // How many customers the page on screen holds.
    this.listRequest = null;
  }

  start() {
    this.bindControls();
    renderHeader(this.ui.headerRow, (sort) => this.sortBy(sort));
    window.addEventListener("popstate", () =>
      this.show(parseView(window.location.search, window.history.state)),
    );

    // Every amount waits for the currency; the list and the count load meanwhile.
    this.money = this.loadCurrency();
    const { dialog, detailTitle: title, detailBody: body, detailClose: close } = this.ui;
    const onClosed = (customerId) => this.detailClosed(customerId);
    const parts = { dialog, title, body, close };
    this.detail = new DetailDialog(parts, this.api, this.money, this.session.mode, onClosed);
    this.loadTotal();
    // An address written by hand (or by an older page) is rewritten as this page would
    // write it, so that what is bookmarked next is what is shown.
    const url = `${window.location.pathname}${serializeView(this.view)}`;
    if (url !== `${window.location.pathname}${window.location.search}`) {
      window.history.replaceState(historyState(this.view), "", url);
    }
    this.show(this.view);
  }

  /** Moves to a view: a new entry in the browser's history unless `replace`. */
  navigate(view, { replace = false, state = {} } = {}) {
    const url = `${window.location.pathname}${serializeView(view)}`;
    const entry = { ...historyState(view), ...state };
    if (replace) window.history.replaceState(entry, "", url);
    else window.history.pushState(entry, "", url);
    this.show(view);
  }

  /** Draws a view, fetching only what differs from what is on screen. */
  show(view) {
    this.view = view;
    this.syncControls(view);
    if (view.by !== this.lettersBy) this.loadLetters(view.by);
    if (listKey(view) !== this.listShownFor) this.loadList(view);
    this.detail.show(view.customer);
  }

  // --- Controls ---------------------------------------------------------------------------

  bindControls() {
    const { ui } = this;
    ui.filterBy.addEventListener("change", () => this.filterBy(ui.filterBy.value));
    ui.searchForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.navigate(withFilter(this.view, { q: ui.searchInput.value.trim() }));
    });
    // Emptying the field (typing it away or its clear button) returns to the full list.
    ui.searchInput.addEventListener("input", () => {
      if (ui.searchInput.value.trim() === "" && this.view.q) {
        this.navigate(withFilter(this.view, {}));
      }
    });
    ui.showAll.addEventListener("click", () => this.navigate(withFilter(this.view, {})));
    ui.pageSize.addEventListener("change", () => {
      this.navigate({ ...this.view, limit: Number(ui.pageSize.value), cursors: [] });
    });
    ui.previous.addEventListener("click", () => this.turnPage(-1));
    ui.next.addEventListener("click", () => this.turnPage(1));
    ui.rows.addEventListener("click", (event) => this.openFromLink(event));
    if (this.session.signOut) {
      ui.signOut.hidden = false;
      ui.signOut.addEventListener("click", () => this.session.signOut());
    }
  }

  syncControls(view) {
    const { ui } = this;
    ui.filterBy.value = view.by;
    ui.searchInput.value = view.q;
    ui.pageSize.value = String(view.limit);
    ui.showAll.hidden = !view.letter && !view.q;
    markActiveLetter(ui.letters, view);
    markSort(ui.headerRow, view);

    // Search text is the caller's: isolated, so right-to-left marks in it stay inside it.
    replaceChildren(ui.listTitle, ...describeView(view, isolated));
    document.title = `${describeView(view, isolatedText).join("")} · Customers`;
  }

  filterBy(by) {
    // The letter's list changes with what it applies to; without a letter only counts do.
    const cursors = this.view.letter ? [] : this.view.cursors;
    this.navigate({ ...this.view, by, cursors });
  }

  chooseLetter(letter) {
    this.navigate(withFilter(this.view, { letter }));
  }

  sortBy(sort) {
    const order =
      sort === this.view.sort ? (this.view.order === "asc" ? "desc" : "asc") : firstOrder(sort);
    this.navigate({ ...this.view, sort, order, cursors: [], customer: null });
  }

  turnPage(step) {
    // The pager keeps its buttons while a page loads (disabling them would drop the
    // keyboard's focus); a press meanwhile would page from the page being replaced.
    if (this.ui.table.classList.contains("is-loading")) return;
    let cursors =
      step > 0 ? [...this.view.cursors, this.nextCursor] : this.view.cursors.slice(0, -1);
    // Opened from an address, the page does not know the cursor before it: start over.
    if (cursors.at(-1) === null) cursors = [];
    this.navigate({ ...this.view, cursors, customer: null });
    // Bring the top of the new page into sight when the pager was reached by scrolling.
    if (this.ui.listTitle.getBoundingClientRect().top < 0) this.ui.listTitle.scrollIntoView();
  }

  // --- Store-wide numbers -----------------------------------------------------------------

  async loadCurrency() {
    try {
      const settings = await this.api.get("/settings");
      if (isCurrencyCode(settings.currency)) return moneyFormatter(settings.currency);
      this.notice("The currency setting is not a currency code: amounts show without one.");
    } catch (error) {
      // A service without settings yet keeps the contract's default currency.
      if (error.status === 404) return moneyFormatter("USD");
      this.notice("The store's currency could not be read; amounts show without a currency.");
    }
    return moneyFormatter(null);
  }

  async loadTotal() {
    try {
      const { count } = await this.api.get("/customers/count");
      this.total = count;
      this.ui.totalCount.textContent = `${customersNoun(count)} in the store`;
    } catch {
      this.ui.totalCount.textContent = "The number of customers could not be read.";
    }
    this.drawLetters();
    this.describeRange();
  }

  async loadLetters(by) {
    this.lettersBy = by;
    this.letterCounts = null;
    this.ui.lettersStatus.textContent = "";
    this.drawLetters();
    try {
      const { letters } = await this.api.get("/customers/letters", { by });
      if (by !== this.lettersBy) return;
      this.letterCounts = new Map(letters.map(({ letter, count }) => [letter, count]));
    } catch {
      if (by !== this.lettersBy) return;
      this.ui.lettersStatus.textContent = "The letters' counts could not be loaded.";
    }
    this.drawLetters();
    this.describeRange();
  }

  drawLetters() {
    const focused = document.activeElement?.dataset?.letter;
    const numbers = { counts: this.letterCounts, total: this.total };
    renderLetters(this.ui.letters, numbers, (letter) => this.chooseLetter(letter));
    markActiveLetter(this.ui.letters, this.view);
    // Redrawing replaces the buttons; keep the keyboard where it was.
    if (focused !== undefined) {
      this.ui.letters.querySelector(`button[data-letter="${CSS.escape(focused)}"]`)?.focus();
    }
  }

  notice(text) {
    this.ui.notice.textContent = text;
    this.ui.notice.hidden = false;
  }

  // --- The list ---------------------------------------------------------------------------

  async loadList(view) {
    this.listShownFor = listKey(view);
    this.listRequest?.abort();
    const request = new AbortController();
    this.listRequest = request;
    this.setBusy(true);

    try {
      const [page, money] = await Promise.all([
        this.api.get("/customers", listQuery(view), request.signal),
        this.money,
      ]);
      if (request.signal.aborted) return;
      this.showPage(view, page, money);
    } catch (error) {
      if (request.signal.aborted) return;
      this.listShownFor = null; // The same view, asked again, tries again.
      this.showListError(view, error);
    } finally {
      if (this.listRequest === request) this.setBusy(false);
    }
  }

  setBusy(busy) {
    this.ui.table.setAttribute("aria-busy", String(busy));
    this.ui.table.classList.toggle("is-loading", busy);
    if (!busy) return;
    this.ui.listStatus.textContent = "Loading customers…";
    this.clearListAlert();
  }

  showPage(view, page, money) {
    this.nextCursor = page.next_cursor ?? null;
    this.pageItems = page.items.length;

    if (page.items.length > 0) {
      const detailHref = (id) => serializeView({ ...view, customer: id }) || "?";
      renderRows(this.ui.rows, page.items, { money, detailHref });
    } else {
      renderMessageRow(this.ui.rows, emptyText(view, isolated));
    }
    this.setPager(view.cursors.length > 0, this.nextCursor !== null);
    this.describeRange();
  }

  // "Customers 51–100 of 412": the page's place in its list. Every page but the last is
  // full, so the position follows from the page number and size.
  describeRange() {
    const { view } = this;
    if (this.listShownFor !== listKey(view) || this.pageItems === undefined) return;
    if (this.pageItems === 0) {
      replaceChildren(this.ui.listStatus, ...emptyText(view, isolated));
      return;
    }
    const first = view.cursors.length * view.limit + 1;
    const last = first + this.pageItems - 1;
    const total = this.listTotal(view);
    const of = total === null ? "" : ` of ${formatCount(total)}`;
    this.ui.listStatus.textContent =
      `Customers ${formatCount(first)}–${formatCount(last)}${of}` +
      ` · page ${formatCount(view.cursors.length + 1)}`;
  }

  listTotal(view) {
    if (view.q) return null;
    if (!view.letter) return this.total;
    return view.by === this.lettersBy ? (this.letterCounts?.get(view.letter) ?? null) : null;
  }

  setPager(hasPrevious, hasNext) {
    const { previous, next } = this.ui;
    const backToStart = hasPrevious && this.view.cursors.at(-2) === null;
    previous.textContent = backToStart ? "First page" : "Previous page";
    // A button that is disabled under the keyboard's focus would drop it to the page.
    const focusedAway =
      (document.activeElement === previous && !hasPrevious) ||
      (document.activeElement === next && !hasNext);
    previous.disabled = !hasPrevious;
    next.disabled = !hasNext;
    if (focusedAway) {
      (hasPrevious ? previous : hasNext ? next : this.ui.pageSize).focus();
    }
  }

  showListError(view, error) {
    this.pageItems = undefined;
    this.nextCursor = null;
    renderRows(this.ui.rows, [], {});
    this.setPager(view.cursors.length > 0, false);
    this.ui.listStatus.textContent = "";
    const { text, action } = this.listErrorAdvice(view, error);
    const button = action
      ? el("button", { type: "button", class: "secondary-button" }, action.label)
      : null;
    button?.addEventListener("click", action.run);
    replaceChildren(this.ui.listAlert, el("p", {}, text), button);
    this.ui.listAlert.hidden = false;
  }

  listErrorAdvice(view, error) {
    const retry = { label: "Try again", run: () => this.loadList(this.view) };
    const startOver = {
      label: "Go to the first page",
      run: () => this.navigate({ ...this.view, cursors: [] }),
    };
    const clearSearch = {
      label: "Clear the search",
      run: () => this.navigate(withFilter(this.view, { letter: this.view.letter })),
    };
    const showAll = {
      label: "Show all customers",
      run: () => this.navigate({ ...DEFAULT_VIEW, limit: this.view.limit }),
    };
    const fields = Object.keys(error.fields ?? {});

    if (error.code === "unsupported_sort") {
      // Sorted by name already, only a narrower search or filter helps.
      const byName = view.sort === "last_name";
      const sortByName = {
        label: "Sort by name",
        run: () => this.navigate({ ...this.view, sort: "last_name", order: "asc", cursors: [] }),
      };
      return {
        text: unsupportedSortText(view, sortTitle(view.sort)),
        action: byName ? (view.q ? clearSearch : showAll) : sortByName,
      };
    }
    if (fields.includes("cursor") || (error.status === 400 && view.cursors.length > 0)) {
      return { text: "This page's position in the list no longer works.", action: startOver };
    }
    if (error.status === 422) {
      // A refused parameter is refused again: offer a way out, not the same request.
      const text = problemText("The customer list", error, this.session.mode);
      return { text, action: fields.includes("q") && view.q ? clearSearch : showAll };
    }
    return { text: problemText("The customer list", error, this.session.mode), action: retry };
  }

  clearListAlert() {
    this.ui.listAlert.hidden = true;
    this.ui.listAlert.replaceChildren();
  }

  // --- The detail -------------------------------------------------------------------------

  openFromLink(event) {
    const link = event.target.closest("a[data-customer-id]");
    // A click with a modifier or another button keeps its usual meaning (a new tab, ...).
    const modified = event.ctrlKey || event.metaKey || event.shiftKey || event.altKey;
    if (!link || event.button !== 0 || modified) return;
    event.preventDefault();
    const view = { ...this.view, customer: link.dataset.customerId };
    this.navigate(view, { state: { detailOpenedHere: true } });
  }

  // The dialog closed: by Escape or its button, or because the view no longer names a
  // customer (Back). In the first case the address still names one and must follow:
  // back to the entry before the dialog when this page opened it, else in place.
  detailClosed(customerId) {
    if (this.view.customer) {
      if (window.history.state?.detailOpenedHere) window.history.back();
      else this.navigate({ ...this.view, customer: null }, { replace: true });
    }
    const id = customerId ?? this.view.customer;
    const link = id && this.ui.rows.querySelector(`a[data-customer-id="${CSS.escape(id)}"]`);
    link?.focus();
  }
}

function findElements() {
  const ids = {
    totalCount: "total-count",
    signOut: "sign-out",
    notice: "page-notice",
    filterBy: "filter-by",
    letters: "letters",
    lettersStatus: "letters-status",
    searchForm: "search-form",
    searchInput: "search-q",
    pageSize: "page-size",
    listTitle: "list-title",
    showAll: "show-all",
    listStatus: "list-status",
    listAlert: "list-alert",
    table: "customers-table",
    headerRow: "customers-header",
    rows: "customers-rows",
    previous: "previous-page",
    next: "next-page",
    dialog: "customer-dialog",
    detailTitle: "detail-title",
    detailBody: "detail-body",
    detailClose: "detail-close",
  };
  return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, byId(id)]));
}
