// A tiny element builder: enough DOM for a few pages without a framework.

/** Attributes and event handlers of `h`. */
export type Props = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;
/** Things `h` accepts as children. */
export type Child = Node | string | number | null | undefined | false | Child[];

/** Creates an element with attributes (`on*` are listeners) and children (text is escaped by the DOM). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's content. */
export function mount(el: HTMLElement, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** An error box with the server's message. */
export function errorBox(err: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err));
}

/** Says `text` to screen readers through the page's polite live region (`#live` in index.html). */
export function announce(text: string): void {
  const live = document.getElementById('live');
  if (!live) return;
  // Clearing first makes a repeated message be read again.
  live.textContent = '';
  setTimeout(() => (live.textContent = text), 50);
}
