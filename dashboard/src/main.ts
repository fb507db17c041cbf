// dyad's dashboard: wires the API to the timeline, network, map, table and article views.

import "./style.css";
import type { ActorRow, EventItem, MapData, Network, SeriesPoint, Stats } from "./api";
import { get } from "./api";
import { byId, el } from "./dom";
import { type EventQuery, loadEvents, openArticle } from "./events";
import { drawMap } from "./map";
import { drawNetwork } from "./network";
import { type DyadSeries, PALETTE, drawTimeline } from "./timeline";

const state: { dyads: DyadSeries[]; labels: Map<string, string>; events: EventQuery } = {
  dyads: [],
  labels: new Map(),
  events: { dyad: null, q: "", quad_class: "", offset: 0 },
};

function showError(where: string, error: unknown): void {
  const p = el("p", { class: "error" }, `${where}: ${String(error)}`);
  byId("stats").after(p);
}

function fillActors(rows: ActorRow[]): void {
  for (const id of ["actor-a", "actor-b"]) {
    const select = byId<HTMLSelectElement>(id);
    for (const r of rows) {
      state.labels.set(r.key, r.label);
      select.appendChild(el("option", { value: r.key }, `${r.label} (${r.key})`));
    }
  }
}

async function refreshTimeline(): Promise<void> {
  const interval = byId<HTMLSelectElement>("interval").value;
  for (const d of state.dyads) {
    const data = await get<{ points: SeriesPoint[] }>("series", { a: d.a, b: d.b, interval });
    d.points = data.points;
  }
  drawTimeline(byId("timeline"), state.dyads);
  const chips = byId("dyad-chips");
  chips.replaceChildren();
  state.dyads.forEach((d, i) => {
    const total = d.points.reduce((n, p) => n + p.events, 0);
    const chip = el("li", { "data-dyad": `${d.a}-${d.b}` });
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = PALETTE[i % PALETTE.length];
    chip.appendChild(swatch);
    chip.appendChild(el("span", {}, `${d.label} · ${total} events`));
    const remove = el("button", { type: "button", "aria-label": `remove ${d.label}` }, "×");
    remove.addEventListener("click", () => {
      state.dyads = state.dyads.filter((x) => x !== d);
      void refreshTimeline();
    });
    chip.appendChild(remove);
    chips.appendChild(chip);
  });
}

async function addDyad(a: string, b: string): Promise<void> {
  if (!a || !b || a === b) return;
  const key = [a, b].sort().join("-");
  if (!state.dyads.some((d) => [d.a, d.b].sort().join("-") === key)) {
    const label = `${state.labels.get(a) ?? a} – ${state.labels.get(b) ?? b}`;
    state.dyads.push({ a, b, label, points: [] });
  }
  await refreshTimeline();
  state.events = { ...state.events, dyad: `${a}-${b}`, offset: 0 };
  await refreshEvents();
}

async function refreshEvents(): Promise<void> {
  await loadEvents(state.events, (e: EventItem) => void openArticle(e).catch((err) => showError("article", err)));
}

async function start(): Promise<void> {
  const stats = await get<Stats>("stats");
  byId("stats").textContent =
    `${stats.articles} articles · ${stats.events} events · ${stats.quotes} quotes` +
    (stats.first_day ? ` · ${stats.first_day} to ${stats.last_day}` : "");
  fillActors(await get<ActorRow[]>("actors", { limit: 300 }));

  byId<HTMLFormElement>("dyad-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const a = byId<HTMLSelectElement>("actor-a").value;
    const b = byId<HTMLSelectElement>("actor-b").value;
    void addDyad(a, b).catch((err) => showError("timeline", err));
  });
  byId<HTMLSelectElement>("interval").addEventListener("change", () => void refreshTimeline());
  byId<HTMLFormElement>("events-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.events.q = byId<HTMLInputElement>("events-q").value;
    state.events.quad_class = byId<HTMLSelectElement>("events-quad").value;
    state.events.offset = 0;
    void refreshEvents();
  });
  byId("events-all").addEventListener("click", () => {
    state.events = { ...state.events, dyad: null, offset: 0 };
    void refreshEvents();
  });
  byId("events-prev").addEventListener("click", () => {
    state.events.offset = Math.max(0, state.events.offset - 25);
    void refreshEvents();
  });
  byId("events-next").addEventListener("click", () => {
    state.events.offset += 25;
    void refreshEvents();
  });

  const top = await get<{ a: string; b: string }[]>("dyads", { limit: 1 });
  if (top.length > 0) {
    byId<HTMLSelectElement>("actor-a").value = top[0].a;
    byId<HTMLSelectElement>("actor-b").value = top[0].b;
  }
  drawTimeline(byId("timeline"), state.dyads);
  await refreshEvents();
  drawNetwork(byId("network"), await get<Network>("network", { limit: 60 }), (key) => {
    byId<HTMLSelectElement>("actor-a").value = key;
    byId("timeline-panel").scrollIntoView();
  });
  drawMap(byId("map"), await get<MapData>("map"));
  document.body.dataset.ready = "true";
}

start().catch((err) => showError("dyad", err));
