// DOM helpers. Text always goes in through textContent: nothing from the store is ever parsed
// as HTML, so an article that contains <script> shows it as text and it never runs.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    node.setAttribute(key, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    node.setAttribute(key, String(value));
  }
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) {
    throw new Error(`#${id} is missing from the page`);
  }
  return node as T;
}

export function clear(node: Element): void {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
}

export function title(node: SVGElement, text: string): void {
  const t = svg("title");
  t.textContent = text;
  node.appendChild(t);
}

// Red for conflict, grey for neutral, green for cooperation, on the Goldstein scale.
export function goldsteinColour(value: number): string {
  const v = Math.max(-10, Math.min(10, value)) / 10;
  if (v < 0) {
    return `rgb(${200}, ${Math.round(200 + 55 * v)}, ${Math.round(200 + 160 * v)})`;
  }
  return `rgb(${Math.round(200 - 160 * v)}, ${Math.round(200 - 40 * v)}, ${Math.round(200 - 120 * v)})`;
}
