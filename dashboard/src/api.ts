// Typed calls to dyad's HTTP API (same origin; no third-party host is ever contacted).

export interface Actor {
  text: string;
  start: number;
  end: number;
  code: string;
  country: string | null;
  igo: string | null;
  sector: string[];
  name: string | null;
  kind: string;
}

export interface EventItem {
  event_id: string;
  doc_id: string;
  sentence: { start: number; end: number; text: string | null };
  trigger: { text: string; start: number; end: number };
  source: Actor;
  target: Actor | null;
  cameo: string;
  root: string;
  plover: string | null;
  quad_class: number;
  goldstein: number;
  date: string | null;
  event_day: string | null;
  quote_id: string | null;
  negated: boolean;
  modality: string;
  source_key: string | null;
  target_key: string | null;
  article: { title: string | null; url: string | null; published: string | null };
}

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export interface SeriesPoint {
  period: string;
  events: number;
  goldstein: number;
  events_ab: number;
  events_ba: number;
}

export interface ActorRow {
  key: string;
  label: string;
  mentions: number;
  as_source: number;
  as_target: number;
}

export interface Span {
  kind: string;
  start: number;
  end: number;
  ref: string;
  label: string | null;
}

export interface ArticleDetail {
  doc_id: string;
  source_id: string;
  title: string | null;
  url: string | null;
  published: string | null;
  authors: string[];
  text: string;
  spans: Span[];
}

export interface Network {
  nodes: { id: string; label: string; events: number }[];
  edges: { source: string; target: string; events: number; goldstein: number }[];
}

export interface MapData {
  points: { name: string; country: string | null; lat: number; lon: number; events: number }[];
  countries: { iso3: string; numeric: string | null; label: string; events: number }[];
}

export interface Stats {
  articles: number;
  events: number;
  quotes: number;
  mentions: number;
  first_day: string | null;
  last_day: string | null;
}

type Params = Record<string, string | number | boolean | null | undefined>;

export async function get<T>(path: string, params: Params = {}): Promise<T> {
  const url = new URL(`api/${path}`, document.baseURI);
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") {
      url.searchParams.set(key, String(value));
    }
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}
