// The event table (a page of /api/events) and the article view it opens, with the event's
// sentence, its actors, its trigger and the quotes in it highlighted.

import type { ArticleDetail, EventItem, Page } from "./api";
import { get } from "./api";
import { byId, clear, el } from "./dom";
import { type Mark, renderMarked } from "./highlight";

export interface EventQuery {
  dyad: string | null;
  q: string;
  quad_class: string;
  offset: number;
}

const LIMIT = 25;
// Only the newest request may fill the table or the article view: answers can arrive out
// of order when filters change quickly.
let tableRequest = 0;
let articleRequest = 0;

function actorText(key: string | null, code: string | undefined): string {
  if (!code) return "—";
  return key && key !== code ? `${key} (${code})` : code;
}

export async function loadEvents(query: EventQuery, onOpen: (e: EventItem) => void): Promise<void> {
  const mine = ++tableRequest;
  const page = await get<Page<EventItem>>("events", {
    dyad: query.dyad,
    q: query.q,
    quad_class: query.quad_class,
    limit: LIMIT,
    offset: query.offset,
  });
  if (mine !== tableRequest) return;
  const body = byId<HTMLTableElement>("events-table").tBodies[0];
  clear(body);
  for (const e of page.items) {
    const row = el("tr", { "data-event": e.event_id, tabindex: "0", class: `quad${e.quad_class}` });
    row.appendChild(el("td", {}, e.date ?? "—"));
    row.appendChild(el("td", {}, actorText(e.source_key, e.source.code)));
    const what = `${e.cameo} ${e.plover ?? ""}${e.negated ? " (negated)" : ""}`;
    row.appendChild(el("td", { title: `Goldstein ${e.goldstein}` }, what.trim()));
    row.appendChild(el("td", {}, actorText(e.target_key, e.target?.code)));
    row.appendChild(el("td", { class: "sentence" }, e.sentence.text ?? ""));
    row.addEventListener("click", () => onOpen(e));
    row.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") onOpen(e);
    });
    body.appendChild(row);
  }
  const end = Math.min(page.offset + page.items.length, page.total);
  byId("events-page").textContent = page.total
    ? `${page.offset + 1}–${end} of ${page.total}`
    : "no events";
  byId<HTMLButtonElement>("events-prev").disabled = page.offset === 0;
  byId<HTMLButtonElement>("events-next").disabled = end >= page.total;
  byId("events-scope").textContent = query.dyad ? `— ${query.dyad.replace("-", " – ")}` : "";
}

export async function openArticle(e: EventItem): Promise<void> {
  const mine = ++articleRequest;
  const article = await get<ArticleDetail>(`articles/${encodeURIComponent(e.doc_id)}`);
  if (mine !== articleRequest) return;
  const panel = byId("article-panel");
  panel.hidden = false;
  byId("article-title").textContent = article.title ?? article.source_id;
  const meta = [article.published, article.authors.join(", "), article.url].filter(Boolean);
  byId("article-meta").textContent = meta.join(" · ");
  const marks: Mark[] = [
    { start: e.sentence.start, end: e.sentence.end, cls: "hl-sentence" },
    { start: e.trigger.start, end: e.trigger.end, cls: "hl-trigger" },
    { start: e.source.start, end: e.source.end, cls: "hl-source" },
  ];
  if (e.target) marks.push({ start: e.target.start, end: e.target.end, cls: "hl-target" });
  const quotes = article.spans.filter(
    (s) =>
      s.kind === "quote" &&
      (s.ref === e.quote_id || (s.start < e.sentence.end && e.sentence.start < s.end)),
  );
  for (const q of quotes) {
    marks.push({ start: q.start, end: q.end, cls: "hl-quote" });
    const speaker = article.spans.find((s) => s.kind === "speaker" && s.ref === q.ref);
    if (speaker) marks.push({ start: speaker.start, end: speaker.end, cls: "hl-speaker" });
  }
  const host = byId("article-text");
  renderMarked(host, article.text, marks);
  host.querySelector(".hl-sentence")?.scrollIntoView({ block: "center" });
}
