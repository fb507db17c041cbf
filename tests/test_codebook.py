"""The CAMEO codebook: values copied from the published files, structure, and look-up errors."""

from __future__ import annotations

import pytest

from dyad import codebook
from dyad.codebook import CameoCode, all_codes, lookup, root_of
from dyad.errors import DataError

ROOTS = [f"{r:02d}" for r in range(1, 21)]


@pytest.mark.parametrize(
    ("code", "goldstein"),
    [
        # Spot values from GDELT's CAMEO.goldsteinscale.txt, including ones that differ from
        # their root (042, 051, 130, 182) and the extremes.
        ("01", 0.0),
        ("011", -0.1),
        ("016", -2.0),
        ("02", 3.0),
        ("024", -0.3),
        ("0334", 6.0),
        ("04", 1.0),
        ("042", 1.9),
        ("043", 2.8),
        ("044", 2.5),
        ("051", 3.4),
        ("057", 8.0),
        ("072", 8.3),
        ("074", 8.5),
        ("0874", 10.0),
        ("09", -2.0),
        ("112", -2.0),
        ("125", -5.0),
        ("13", -6.0),
        ("130", -4.4),
        ("1385", -7.0),
        ("144", -7.5),
        ("15", -7.2),
        ("163", -8.0),
        ("171", -9.2),
        ("182", -9.5),
        ("1821", -9.0),
        ("1823", -10.0),
        ("190", -10.0),
        ("196", -9.5),
        ("2042", -10.0),
    ],
)
def test_goldstein_values_match_the_published_scale(code: str, goldstein: float) -> None:
    assert lookup(code).goldstein == goldstein


def test_codebook_size_and_levels() -> None:
    codes = all_codes()
    # CAMEO 1.1b3 as GDELT ships it: 20 roots + 291 three- and four-digit codes.
    assert len(codes) == 311
    assert [c.code for c in codebook.roots()] == ROOTS
    assert len({c.code for c in codes}) == len(codes)
    assert sum(c.level == 2 for c in codes) > 100


@pytest.mark.parametrize("root", ROOTS)
def test_quad_class_follows_the_root(root: str) -> None:
    r = int(root)
    expected = 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4
    assert all(c.quad_class == expected for c in all_codes() if c.root == root)
    assert codebook.quad_class_of_root(root) == expected


def test_every_code_sits_under_an_existing_root_and_parent() -> None:
    known = {c.code for c in all_codes()}
    for c in all_codes():
        assert c.root == c.code[:2] == root_of(c.code)
        assert c.root in known
        if len(c.code) == 4:
            assert c.code[:3] in known
        assert c.name and c.name == c.name.strip()


@pytest.mark.parametrize(
    ("root", "plover"),
    [
        ("01", ""),
        ("02", "REQUEST"),
        ("03", "AGREE"),
        ("04", "CONSULT"),
        ("05", "SUPPORT"),
        ("06", "COOPERATE"),
        ("07", "AID"),
        ("08", "YIELD"),
        ("09", "ACCUSE"),
        ("10", "REQUEST"),
        ("11", "ACCUSE"),
        ("12", "REJECT"),
        ("13", "THREATEN"),
        ("14", "PROTEST"),
        ("15", "MOBILIZE"),
        ("16", "SANCTION"),
        ("17", "COERCE"),
        ("18", "ASSAULT"),
        ("19", "ASSAULT"),
        ("20", "ASSAULT"),
    ],
)
def test_plover_type_of_each_root(root: str, plover: str) -> None:
    assert codebook.ROOT_TO_PLOVER[root] == plover
    assert lookup(root).plover == plover


def test_per_code_plover_follows_the_published_mapping() -> None:
    # CAMEO2PLOVER-2021.txt moves these out of their root's type.
    assert lookup("163").plover == "COERCE"
    assert lookup("1712").plover == "ASSAULT"
    assert lookup("175").plover == "ASSAULT"
    assert lookup("191").plover == "COERCE"
    assert lookup("192").plover == "COERCE"
    # Everything else keeps its root's type.
    moved = {"163", "1712", "175", "191", "192"}
    for c in all_codes():
        if c.code not in moved:
            assert c.plover == codebook.ROOT_TO_PLOVER[c.root], c.code
    assert {c.plover for c in all_codes()} - {""} <= codebook.PLOVER_TYPES


def test_lookup_returns_a_frozen_record() -> None:
    entry = lookup("042")
    assert entry == CameoCode("042", "Make a visit", "04", 1.9, 1, "CONSULT")
    assert lookup(" 042 ") is entry
    with pytest.raises(AttributeError):
        entry.goldstein = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["999", "0999", "21", "abc", "", "42x"])
def test_unknown_codes_raise_data_error(bad: str) -> None:
    with pytest.raises(DataError, match="unknown CAMEO event code"):
        lookup(bad)


def test_lost_leading_zero_gets_a_hint() -> None:
    with pytest.raises(DataError, match="did you mean '042'"):
        lookup("42")


@pytest.mark.parametrize("bad", ["4", "12345", "x1", ""])
def test_root_of_rejects_non_codes(bad: str) -> None:
    with pytest.raises(DataError):
        root_of(bad)


def test_root_of() -> None:
    assert root_of("0421") == "04"
    assert root_of("19") == "19"


def _parse(text: str) -> dict[str, CameoCode]:
    return codebook._parse(text, source="test.tsv")


HEADER = "code\tname\tgoldstein\tquad_class\tplover\n"


def test_validation_rejects_a_code_without_its_root() -> None:
    with pytest.raises(DataError, match="root '04' must come earlier"):
        _parse(HEADER + "042\tMake a visit\t1.9\t1\tCONSULT\n")


def test_validation_rejects_an_inconsistent_quad_class() -> None:
    with pytest.raises(DataError, match="quad_class 2 disagrees with root 04"):
        _parse(HEADER + "04\tConsult\t1.0\t2\tCONSULT\n")


def test_validation_rejects_a_bad_header_and_unknown_plover() -> None:
    with pytest.raises(DataError, match="header must be"):
        _parse("code\tname\n04\tConsult\t1.0\t1\tCONSULT\n")
    with pytest.raises(DataError, match="unknown PLOVER type"):
        _parse(HEADER + "04\tConsult\t1.0\t1\tMEET\n")
