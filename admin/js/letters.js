// Quick customer navigation: "All" and the letters A-Z and #, each with its count.

import { el, replaceChildren } from "./dom.js";
import { customersNoun, formatCount } from "./format.js";
import { LETTERS } from "./view-state.js";

/**
 * Draws the letter buttons. Counts may be null while they load or when they failed: the
 * buttons work without them.
 * @param {HTMLElement} list the <ul>
 * @param {{counts: Map<string, number> | null, total: number | null}} numbers
 * @param {(letter: string | null) => void} onChoose
 */
export function renderLetters(list, { counts, total }, onChoose) {
  const items = [letterButton(null, "All", total, onChoose)];
  for (const letter of LETTERS) {
    items.push(letterButton(letter, letter, counts?.get(letter) ?? null, onChoose));
  }
  replaceChildren(list, ...items.map((button) => el("li", {}, button)));
}

function letterButton(letter, label, count, onChoose) {
  const name = letter === "#" ? "# (not A to Z)" : label;
  const button = el(
    "button",
    {
      type: "button",
      class: count === 0 ? "letter is-empty" : "letter",
      "data-letter": letter ?? "",
      "aria-pressed": "false",
      "aria-label": count === null ? name : `${name}, ${customersNoun(count)}`,
    },
    el("span", { class: "letter-name" }, label),
    el("span", { class: "letter-count", "aria-hidden": "true" }, countText(count)),
  );
  button.addEventListener("click", () => onChoose(letter));
  return button;
}

function countText(count) {
  return count === null ? "" : formatCount(count);
}

/**
 * Marks the button of the active letter as pressed: "All" for the full list, none during a
 * search (which is not a letter's list).
 * @param {HTMLElement} list
 * @param {{letter: string | null, q: string}} view
 */
export function markActiveLetter(list, view) {
  const active = view.q ? null : (view.letter ?? "");
  for (const button of list.querySelectorAll("button[data-letter]")) {
    button.setAttribute("aria-pressed", String(button.dataset.letter === active));
  }
}
