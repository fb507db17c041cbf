// The dyad timeline: events per period as lines with points (one colour per dyad), and the
// Goldstein sum of each period as bars below, red for conflict and green for cooperation.

import type { SeriesPoint } from "./api";
import { clear, goldsteinColour, svg, title } from "./dom";

export interface DyadSeries {
  a: string;
  b: string;
  label: string;
  points: SeriesPoint[];
}

export const PALETTE = ["#2f6db5", "#c8553d", "#4a9a5b", "#8e5ea2", "#d4a017", "#3c8d93"];

const W = 960;
const H = 320;
const PAD = { left: 48, right: 16, top: 14, bottom: 28 };
const SPLIT = 0.68; // share of the height for counts; the rest for Goldstein bars

function day(period: string): number {
  return Date.parse(`${period}T00:00:00Z`);
}

export function drawTimeline(host: HTMLElement, series: DyadSeries[]): void {
  clear(host);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    const p = document.createElement("p");
    p.className = "muted empty";
    p.textContent =
      series.length === 0
        ? "Pick two actors and press “Add dyad”."
        : "No dated events between these actors.";
    host.appendChild(p);
    return;
  }
  const times = all.map((p) => day(p.period));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t0 === t1) {
    t0 -= 15 * 864e5;
    t1 += 15 * 864e5;
  }
  const maxEvents = Math.max(1, ...all.map((p) => p.events));
  const maxG = Math.max(1, ...all.map((p) => Math.abs(p.goldstein)));
  const plotW = W - PAD.left - PAD.right;
  const countH = (H - PAD.top - PAD.bottom) * SPLIT;
  const gTop = PAD.top + countH + 10;
  const gH = H - PAD.bottom - gTop;
  const gMid = gTop + gH / 2;
  const x = (t: number): number => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (n: number): number => PAD.top + countH - (n / maxEvents) * countH;

  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "timeline" });
  root.appendChild(svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: "axis" }));
  root.appendChild(svg("line", { x1: PAD.left, x2: W - PAD.right, y1: gMid, y2: gMid, class: "axis" }));
  for (const tick of [0, Math.ceil(maxEvents / 2), maxEvents]) {
    const label = svg("text", { x: PAD.left - 6, y: y(tick) + 4, class: "tick", "text-anchor": "end" });
    label.textContent = String(tick);
    root.appendChild(label);
  }
  const gLabel = svg("text", { x: PAD.left - 6, y: gMid + 4, class: "tick", "text-anchor": "end" });
  gLabel.textContent = "G";
  root.appendChild(gLabel);
  const years = new Date(t0).getUTCFullYear();
  const yearsEnd = new Date(t1).getUTCFullYear();
  const step = Math.max(1, Math.ceil((yearsEnd - years + 1) / 10));
  for (let year = years; year <= yearsEnd + 1; year += step) {
    const t = Date.UTC(year, 0, 1);
    if (t < t0 || t > t1) continue;
    root.appendChild(svg("line", { x1: x(t), x2: x(t), y1: PAD.top, y2: H - PAD.bottom, class: "grid" }));
    const label = svg("text", { x: x(t), y: H - 8, class: "tick", "text-anchor": "middle" });
    label.textContent = String(year);
    root.appendChild(label);
  }
  const first = svg("text", { x: PAD.left, y: H - 8, class: "tick" });
  first.textContent = new Date(t0).toISOString().slice(0, 7);
  root.appendChild(first);

  const barW = Math.max(2, Math.min(14, plotW / Math.max(20, all.length * 1.5)));
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const group = svg("g", { class: "series", "data-dyad": `${s.a}-${s.b}` });
    const path = s.points.map((p, j) => `${j ? "L" : "M"}${x(day(p.period)).toFixed(1)},${y(p.events).toFixed(1)}`);
    group.appendChild(svg("path", { d: path.join(" "), stroke: colour, class: "line" }));
    for (const p of s.points) {
      const cx = x(day(p.period));
      const bar = svg("rect", {
        x: cx - barW / 2 + i * 2,
        width: barW,
        y: p.goldstein >= 0 ? gMid - (p.goldstein / maxG) * (gH / 2) : gMid,
        height: Math.max(1, (Math.abs(p.goldstein) / maxG) * (gH / 2)),
        fill: goldsteinColour(p.goldstein / Math.max(1, p.events)),
        class: "gbar",
      });
      title(bar, `${s.label} ${p.period}: Goldstein sum ${p.goldstein}`);
      group.appendChild(bar);
      const dot = svg("circle", {
        cx,
        cy: y(p.events),
        r: 4,
        fill: colour,
        class: "point",
        "data-period": p.period,
        "data-events": p.events,
      });
      title(dot, `${s.label} ${p.period}: ${p.events} events (${p.events_ab} →, ${p.events_ba} ←), Goldstein ${p.goldstein}`);
      group.appendChild(dot);
    }
    root.appendChild(group);
  });
  host.appendChild(root);
}
