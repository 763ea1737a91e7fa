/**
 * The whole view layer: `h('button', {class: 'x', onclick}, 'text', child)` builds an element.
 * Attributes starting with "on" become listeners; null/false attributes and children are skipped.
 * Text is always set as text, never parsed as HTML.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name in element && typeof value !== 'string') element[name] = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** Shows `error` in `container` (a pane, a form) instead of letting it escape. */
export function errorNotice(error, retry) {
  return h('div', { class: 'error', role: 'alert' },
    h('p', {}, messageOf(error)),
    retry && h('button', { type: 'button', onclick: retry }, 'Try again'));
}

export function messageOf(error) {
  return error?.message || String(error);
}
