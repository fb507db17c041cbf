// The actor network: a force layout of who acts on whom, computed once and drawn as SVG.

import {
  forceCenter,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
} from "d3-force";
import type { SimulationLinkDatum, SimulationNodeDatum } from "d3-force";
import type { Network } from "./api";
import { clear, goldsteinColour, svg, title } from "./dom";

interface Node extends SimulationNodeDatum {
  id: string;
  label: string;
  events: number;
}

interface Link extends SimulationLinkDatum<Node> {
  events: number;
  goldstein: number;
}

const W = 480;
const H = 380;

export function drawNetwork(host: HTMLElement, data: Network, onPick: (key: string) => void): void {
  clear(host);
  if (data.nodes.length === 0) {
    const p = document.createElement("p");
    p.className = "muted empty";
    p.textContent = "No events between two actors yet.";
    host.appendChild(p);
    return;
  }
  const nodes: Node[] = data.nodes.map((n) => ({ ...n }));
  const links: Link[] = data.edges.map((e) => ({ ...e }));
  const maxEvents = Math.max(...nodes.map((n) => n.events));
  const radius = (n: Node): number => 5 + 14 * Math.sqrt(n.events / maxEvents);
  const sim = forceSimulation(nodes)
    .force("link", forceLink<Node, Link>(links).id((n) => n.id).distance(70))
    .force("charge", forceManyBody().strength(-90))
    .force("center", forceCenter(W / 2, H / 2))
    // Pull every component towards the middle, so small ones do not drift to the edges.
    .force("x", forceX(W / 2).strength(0.09))
    .force("y", forceY(H / 2).strength(0.13))
    .force("collide", forceCollide<Node>().radius((n) => radius(n) + 4))
    .stop();
  for (let i = 0; i < 300; i += 1) sim.tick();
  for (const n of nodes) {
    n.x = Math.max(20, Math.min(W - 20, n.x ?? W / 2));
    n.y = Math.max(20, Math.min(H - 20, n.y ?? H / 2));
  }

  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "network" });
  const defs = svg("defs");
  const marker = svg("marker", {
    id: "arrow",
    viewBox: "0 0 10 10",
    refX: 10,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    markerUnits: "userSpaceOnUse",
    orient: "auto-start-reverse",
  });
  marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }));
  defs.appendChild(marker);
  root.appendChild(defs);
  const maxLink = Math.max(...links.map((l) => l.events));
  for (const l of links) {
    const s = l.source as Node;
    const t = l.target as Node;
    const dx = (t.x ?? 0) - (s.x ?? 0);
    const dy = (t.y ?? 0) - (s.y ?? 0);
    const len = Math.hypot(dx, dy) || 1;
    const line = svg("line", {
      x1: s.x ?? 0,
      y1: s.y ?? 0,
      x2: (t.x ?? 0) - (dx / len) * (radius(t) + 2),
      y2: (t.y ?? 0) - (dy / len) * (radius(t) + 2),
      stroke: goldsteinColour(l.goldstein),
      "stroke-width": 1 + 5 * (l.events / maxLink),
      "marker-end": "url(#arrow)",
      class: "edge",
    });
    title(line, `${s.id} → ${t.id}: ${l.events} events, mean Goldstein ${l.goldstein}`);
    root.appendChild(line);
  }
  for (const n of nodes) {
    const g = svg("g", { class: "node", "data-key": n.id, tabindex: 0 });
    g.appendChild(svg("circle", { cx: n.x ?? 0, cy: n.y ?? 0, r: radius(n) }));
    const label = svg("text", { x: n.x ?? 0, y: (n.y ?? 0) + radius(n) + 11, "text-anchor": "middle" });
    label.textContent = n.id;
    g.appendChild(label);
    title(g, `${n.label} (${n.id}): ${n.events} events`);
    g.addEventListener("click", () => onPick(n.id));
    root.appendChild(g);
  }
  host.appendChild(root);
}
