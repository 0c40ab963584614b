/** Tiny DOM helpers: every value goes in as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export function row(cells: (string | Node)[], attrs: Record<string, string> = {}): HTMLTableRowElement {
  const tr = el('tr', undefined, attrs);
  for (const c of cells) {
    const td = el('td');
    td.append(c);
    tr.append(td);
  }
  return tr;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from the page`);
  return node as T;
}
