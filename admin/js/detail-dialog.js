// The customer detail dialog: open while the view names a customer, it loads and draws
// that customer. Closing it is reported back, since the address must then follow.

import { segment } from "./api.js";
import { customerTitle, renderDetail } from "./customer-detail.js";
import { el, replaceChildren } from "./dom.js";
import { problemText } from "./messages.js";

const CUSTOMER_ID = /^c_[0-9]{19}$/;

export class DetailDialog {
  /**
   * @param {{dialog: HTMLDialogElement, title: HTMLElement, body: HTMLElement,
   *   close: HTMLButtonElement}} parts
   * @param {import("./api.js").ApiClient} api
   * @param {Promise<(amount: string) => string>} money
   * @param {string} mode the sign-in mode, for error messages
   * @param {(customerId: string | null) => void} onClosed
   */
  constructor(parts, api, money, mode, onClosed) {
    Object.assign(this, { parts, api, money, mode, onClosed });
    this.shownFor = null;
    this.request = null;
    parts.close.addEventListener("click", () => parts.dialog.close());
    parts.dialog.addEventListener("close", () => this.closed());
  }

  /** Shows the customer with this id, or closes the dialog for null. */
  show(customerId) {
    const { dialog } = this.parts;
    if (!customerId) {
      if (dialog.open) dialog.close();
      return;
    }
    if (!dialog.open) dialog.showModal();
    if (this.shownFor !== customerId) this.load(customerId);
  }

  async load(customerId) {
    this.shownFor = customerId;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.parts.title.textContent = "Customer";
    // An address may name anything; only an id of the API's form is asked for.
    if (!CUSTOMER_ID.test(customerId)) {
      this.showProblem({ status: 404 });
      return;
    }
    replaceChildren(this.parts.body, el("p", { class: "loading" }, "Loading the customer…"));

    try {
      const [customer, money] = await Promise.all([
        this.api.get(`/customers/${segment(customerId)}`, {}, request.signal),
        this.money,
      ]);
      if (request.signal.aborted) return;
      replaceChildren(this.parts.title, customerTitle(customer));
      renderDetail(this.parts.body, customer, money);
    } catch (error) {
      if (request.signal.aborted) return;
      this.shownFor = null; // Showing the same customer again tries again.
      this.showProblem(error);
    }
  }

  showProblem(error) {
    const text =
      error.status === 404
        ? "This customer no longer exists."
        : problemText("The customer", error, this.mode);
    replaceChildren(this.parts.body, el("p", { class: "problem", role: "alert" }, text));
  }

  closed() {
    const customerId = this.shownFor;
    this.request?.abort();
    this.shownFor = null;
    this.onClosed(customerId);
  }
}
