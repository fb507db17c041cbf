// Article text with evidence spans marked. The text is cut at every span boundary and each
// piece goes into a <span> through textContent, with one class per span covering it, so
// nested spans (an actor inside the sentence) need no nested HTML and nothing is parsed.

export interface Mark {
  start: number;
  end: number;
  cls: string;
}

export function renderMarked(host: HTMLElement, text: string, marks: Mark[]): void {
  const valid = marks.filter((m) => 0 <= m.start && m.start < m.end && m.end <= text.length);
  const cuts = new Set<number>([0, text.length]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    const classes = valid.filter((m) => m.start <= from && to <= m.end).map((m) => m.cls);
    if (classes.length === 0) {
      fragment.appendChild(document.createTextNode(piece));
      continue;
    }
    const span = document.createElement("span");
    span.className = [...new Set(classes)].join(" ");
    span.textContent = piece;
    fragment.appendChild(span);
  }
  host.replaceChildren(fragment);
}
