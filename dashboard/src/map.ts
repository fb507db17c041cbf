// The event map: country shapes from world-atlas (Natural Earth, bundled; no tiles, no CDN),
// shaded by how many events involve each country, with dots where events took place.

import { geoNaturalEarth1, geoPath } from "d3-geo";
import type { FeatureCollection, Geometry } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries110m from "world-atlas/countries-110m.json";
import type { MapData } from "./api";
import { clear, svg, title } from "./dom";

const W = 480;
const H = 260;

type Props = { name: string };

const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<Props> }>;
const shapes = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, Props>;

export function drawMap(host: HTMLElement, data: MapData): void {
  clear(host);
  const projection = geoNaturalEarth1().fitSize([W, H], shapes);
  const path = geoPath(projection);
  const counts = new Map<string, { events: number; label: string }>();
  for (const c of data.countries) {
    if (c.numeric) counts.set(c.numeric.padStart(3, "0"), { events: c.events, label: c.label });
  }
  const max = Math.max(1, ...data.countries.map((c) => c.events));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "map" });
  for (const f of shapes.features) {
    const id = String(f.id ?? "").padStart(3, "0");
    const hit = counts.get(id);
    const share = hit ? Math.sqrt(hit.events / max) : 0;
    const shape = svg("path", {
      d: path(f) ?? "",
      class: hit ? "country active" : "country",
      "fill-opacity": hit ? (0.15 + 0.85 * share).toFixed(2) : "1",
      "data-id": id,
    });
    title(shape, hit ? `${hit.label}: ${hit.events} events` : f.properties.name);
    root.appendChild(shape);
  }
  const maxPoint = Math.max(1, ...data.points.map((p) => p.events));
  for (const p of data.points) {
    const xy = projection([p.lon, p.lat]);
    if (!xy) continue;
    const dot = svg("circle", {
      cx: xy[0],
      cy: xy[1],
      r: 2 + 5 * Math.sqrt(p.events / maxPoint),
      class: "place",
    });
    title(dot, `${p.name}: ${p.events} events`);
    root.appendChild(dot);
  }
  host.appendChild(root);
}
