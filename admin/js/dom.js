// Builds DOM nodes. Text is always set through text nodes, so customer data can never
// become markup, whatever it contains.

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, string | boolean | null | undefined>} [attributes]
 *   `class`, `hidden`, `disabled` and any other attribute; null, undefined or false omit it.
 * @param {...(Node | string | number | null | undefined)} children strings become text nodes.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends nodes and strings (as text) to a parent, skipping null and undefined. */
export function append(parent, ...children) {
  for (const child of children) {
    if (child === null || child === undefined) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Groups nodes and strings (as text) without a wrapping element. */
export function fragment(...children) {
  return append(document.createDocumentFragment(), ...children);
}

/** Replaces every child of a parent. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, ...children);
}

/** Looks up an element that index.html must contain; a missing one is a bug, not a state. */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no element #${id}`);
  return element;
}
