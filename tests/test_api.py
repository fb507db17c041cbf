"""The HTTP API: what each endpoint answers, read-only by default, token-guarded ingest."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dyad.migrations import LATEST
from dyad.store import Store
from dyad.synthetic import synthetic_documents

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note on httpx versions
    from fastapi.testclient import TestClient

from dyad.api import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "s.duckdb"
    with Store(path) as store:
        store.add(synthetic_documents(150, events_per_article=6, seed=9))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(db, token="")
    with TestClient(app) as c:
        yield c
    app.state.dyad.store.close()


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_health_says_read_only_without_a_token(client: TestClient) -> None:
    health = get(client, "/api/health")
    assert health == {
        "status": "ok",
        "version": health["version"],
        "schema_version": LATEST,
        "read_only": True,
        "ingest": False,
    }
    assert get(client, "/api/stats")["events"] == 900


H1_2020 = {f"2020-0{m}" for m in range(1, 7)}


def test_events_filter_and_page(client: TestClient, db: Path) -> None:
    page = get(client, "/api/events", dyad="MLI-RUS", limit=5)
    with Store(db, read_only=True) as store:
        expected = store.query(
            "SELECT count(*) FROM events WHERE (source_key, target_key) IN "
            "(('MLI', 'RUS'), ('RUS', 'MLI'))"
        )[0][0]
    assert page["total"] == expected > 5 and len(page["items"]) == 5
    item = page["items"][0]
    assert {item["source"]["country"], item["target"]["country"]} == {"MLI", "RUS"}
    start, end = item["sentence"]["start"], item["sentence"]["end"]
    assert len(item["sentence"]["text"]) == end - start
    assert item["article"]["title"].startswith("Synthetic article")
    days = [i["event_day"] for i in page["items"]]
    assert days == sorted(days, reverse=True)
    second = get(client, "/api/events", dyad="MLI-RUS", limit=5, offset=5)
    assert not {i["event_id"] for i in second["items"]} & {i["event_id"] for i in page["items"]}
    checks: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
        ({"root": "19"}, lambda e: e["root"] == "19"),
        ({"code": "04"}, lambda e: e["cameo"].startswith("04")),
        ({"quad_class": 2}, lambda e: e["quad_class"] == 2),
        ({"source": "FRA"}, lambda e: e["source"]["country"] == "FRA"),
        ({"target": "UN"}, lambda e: e["target"]["igo"] == "UN"),
        ({"since": "2020-01-01", "until": "2020-06-30"}, lambda e: e["date"][:7] in H1_2020),
        ({"q": "ATTACKED"}, lambda e: "attacked" in e["sentence"]["text"]),
    ]
    for params, test in checks:
        found = get(client, "/api/events", limit=50, **params)
        assert found["items"], params
        assert all(test(e) for e in found["items"]), params
    one = found["items"][0]
    assert get(client, f"/api/events/{one['event_id']}")["event_id"] == one["event_id"]
    assert client.get("/api/events/0000000000000000").status_code == 404


def test_series_by_day_week_month(client: TestClient) -> None:
    month = get(client, "/api/series", a="mli", b="RUS", interval="month")
    assert month["a"] == "MLI" and month["points"]
    total = sum(p["events"] for p in month["points"])
    for interval in ("day", "week"):
        points = get(client, "/api/series", a="MLI", b="RUS", interval=interval)["points"]
        assert sum(p["events"] for p in points) == total
    assert all(p["events_ab"] + p["events_ba"] == p["events"] for p in month["points"])
    assert all(p["period"].endswith("-01") for p in month["points"])
    assert (
        client.get("/api/series", params={"a": "MLI", "b": "RUS", "interval": "hour"}).status_code
        == 422
    )


def test_actors_articles_quotes_network_map(client: TestClient) -> None:
    actors = get(client, "/api/actors", limit=5)
    assert actors[0]["key"] == "USA" and actors[0]["label"] == "United States"
    detail = get(client, "/api/actors/MLI", limit=3)
    assert {i["code"] for i in detail["identities"]} == {"MLIGOV"}
    assert detail["mentions"]["total"] > 3 and len(detail["mentions"]["items"]) == 3
    assert client.get("/api/actors/NOWHERE").status_code == 404

    event = get(client, "/api/events", limit=1)["items"][0]
    article = get(client, f"/api/articles/{event['doc_id']}")
    kinds = {s["kind"] for s in article["spans"]}
    assert {"sentence", "trigger", "source", "target", "quote", "speaker"} <= kinds
    for span in article["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(article["text"])
    trigger = next(s for s in article["spans"] if s["kind"] == "trigger")
    assert article["text"][trigger["start"] : trigger["end"]] in {
        "met", "accused", "praised", "threatened", "attacked", "aided", "criticized"
    }  # fmt: skip

    quotes = get(client, "/api/quotes", speaker="USA", limit=3)
    assert quotes["total"] > 0 and all(q["speaker"]["country"] == "USA" for q in quotes["items"])
    assert get(client, "/api/speakers", limit=3)[0]["quotes"] >= 1

    net = get(client, "/api/network", limit=20)
    assert len(net["edges"]) == 20
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    dyads = get(client, "/api/dyads", limit=3)
    assert dyads[0]["events"] >= dyads[-1]["events"]

    where = get(client, "/api/map")
    assert where["points"] and all(-90 <= p["lat"] <= 90 for p in where["points"])
    mali = next(c for c in where["countries"] if c["iso3"] == "MLI")
    assert mali["numeric"] == "466"


def test_values_never_become_sql(client: TestClient, db: Path) -> None:
    hostile = "x'); DROP TABLE events; --"
    assert get(client, "/api/events", q=hostile)["total"] == 0
    assert get(client, "/api/quotes", speaker=hostile)["total"] == 0
    assert client.get("/api/events", params={"dyad": "MLI-RUS' OR 1=1"}).status_code == 422
    assert client.get("/api/actors/MLI' OR '1'='1").status_code == 404
    assert get(client, "/api/stats")["events"] == 900


def test_dashboard_headers_keep_scripts_to_this_server(client: TestClient) -> None:
    response = client.get("/api/health")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    spec = get(client, "/api/openapi.json")
    assert {"/api/events", "/api/series", "/api/actors", "/api/quotes", "/api/ingest"} <= set(
        spec["paths"]
    )
    assert client.get("/docs").status_code in (404, 200)  # no CDN-loaded Swagger UI
    assert "swagger" not in client.get("/docs").text.lower()


def test_ingest_is_off_without_a_token(client: TestClient) -> None:
    body = {"articles": [{"id": "a", "text": "Mali accused France of arming rebels."}]}
    response = client.post("/api/ingest", json=body)
    assert response.status_code == 403 and "DYAD_API_TOKEN" in response.json()["detail"]


def test_ingest_with_the_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYAD_API_TOKEN", "s3cret-token")
    body = {
        "articles": [
            {"id": "a", "text": "Mali accused France of arming rebels.", "lang": "en",
             "published": "2024-02-01"},
            {"id": "b"},
        ]
    }  # fmt: skip
    app = create_app(tmp_path / "w.duckdb")
    with TestClient(app) as writer:
        assert get(writer, "/api/health")["ingest"] is True
        assert writer.post("/api/ingest", json=body).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert writer.post("/api/ingest", json=body, headers=wrong).status_code == 401
        auth = {"Authorization": "Bearer s3cret-token"}
        done = writer.post("/api/ingest", json=body, headers=auth)
        assert done.status_code == 200, done.text
        out = done.json()
        assert out["added"] == 1 and out["events"] >= 1
        assert out["rejected"] == [
            {"input": "b", "reason": "the article has neither text nor html"}
        ]
        again = writer.post("/api/ingest", json=body, headers=auth).json()
        assert (again["added"], again["skipped"]) == (0, 1)
        events = get(writer, "/api/events", dyad="MLI-FRA")
        assert events["total"] >= 1 and events["items"][0]["date"] == "2024-02-01"
    app.state.dyad.store.close()
