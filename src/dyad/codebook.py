"""The CAMEO event codebook shipped as data: names, Goldstein values, QuadClass and PLOVER types.

`data/cameo.tsv` is the source of truth (its comment lines cite where each column comes from);
this module only loads it, checks it and answers look-ups.

    >>> lookup("042").goldstein
    1.9
    >>> lookup("1823").root, lookup("1823").plover
    ('18', 'ASSAULT')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final

from dyad.errors import DataError

_FILE: Final = "cameo.tsv"
_COLUMNS: Final = ("code", "name", "goldstein", "quad_class", "plover")
_HEADER: Final = "\t".join(_COLUMNS)

# PLOVER type of each CAMEO root. PLOVER drops 01 (statements); 02 (appeal) is folded into
# REQUEST as the evaluation sets do. Per-code departures (e.g. 163 -> COERCE) live in the TSV.
ROOT_TO_PLOVER: Final = MappingProxyType(
    {
        "01": "",
        "02": "REQUEST",
        "03": "AGREE",
        "04": "CONSULT",
        "05": "SUPPORT",
        "06": "COOPERATE",
        "07": "AID",
        "08": "YIELD",
        "09": "ACCUSE",
        "10": "REQUEST",
        "11": "ACCUSE",
        "12": "REJECT",
        "13": "THREATEN",
        "14": "PROTEST",
        "15": "MOBILIZE",
        "16": "SANCTION",
        "17": "COERCE",
        "18": "ASSAULT",
        "19": "ASSAULT",
        "20": "ASSAULT",
    }
)

PLOVER_TYPES: Final = frozenset(t for t in ROOT_TO_PLOVER.values() if t)


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code. `plover` is "" where PLOVER has no type (root 01)."""

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    plover: str

    @property
    def level(self) -> int:
        """0 for a root ("04"), 1 for a three-digit code ("042"), 2 for four digits ("0421")."""
        return len(self.code) - 2


def root_of(code: str) -> str:
    """The two-digit root of a CAMEO code: "0421" -> "04". The code need not be in the codebook."""
    code = code.strip()
    if len(code) < 2 or len(code) > 4 or not code.isdigit():
        raise DataError(
            f"{code!r} is not a CAMEO event code: expected 2 to 4 digits with the leading zero "
            "kept, e.g. '04', '042' or '0421' (read codes as strings, not integers)"
        )
    return code[:2]


def quad_class_of_root(root: str) -> int:
    """GDELT QuadClass: 1/2 verbal/material cooperation, 3/4 verbal/material conflict."""
    r = int(root) if root.isdigit() and len(root) == 2 else 0
    if not 1 <= r <= 20:
        raise DataError(f"{root!r} is not a CAMEO root: roots run from '01' to '20'")
    if r <= 5:
        return 1
    if r <= 8:
        return 2
    if r <= 13:
        return 3
    return 4


def lookup(code: str) -> CameoCode:
    """The codebook entry for `code` ("042"); DataError if the codebook has no such code."""
    codes = _codes()
    key = code.strip()
    entry = codes.get(key)
    if entry is not None:
        return entry
    hint = ""
    if key.isdigit() and "0" + key in codes:
        hint = f"; did you mean '0{key}'? (a leading zero was probably lost)"
    elif key[:2] in codes:
        hint = f"; root {key[:2]!r} exists but CAMEO 1.1b3 has no sub-code {key!r}"
    raise DataError(f"unknown CAMEO event code {code!r} (not in dyad/data/{_FILE}){hint}")


def all_codes() -> tuple[CameoCode, ...]:
    """Every code in codebook order (each root followed by its sub-codes)."""
    return tuple(_codes().values())


def roots() -> tuple[CameoCode, ...]:
    """The 20 root codes, "01" to "20"."""
    return tuple(c for c in _codes().values() if c.level == 0)


@cache
def _codes() -> dict[str, CameoCode]:
    text = resources.files("dyad").joinpath("data", _FILE).read_text(encoding="utf-8")
    return _parse(text, source=f"dyad/data/{_FILE}")


def _parse(text: str, source: str) -> dict[str, CameoCode]:
    """Parse and validate the codebook text; every problem is a DataError naming the line."""
    codes: dict[str, CameoCode] = {}
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if not header_seen:
            if tuple(fields) != _COLUMNS:
                raise DataError(f"{source}:{lineno}: header must be {_HEADER!r}, got {raw!r}")
            header_seen = True
            continue
        if len(fields) != len(_COLUMNS):
            raise DataError(
                f"{source}:{lineno}: expected {len(_COLUMNS)} tab-separated fields, "
                f"got {len(fields)}: {raw!r}"
            )
        code, name, goldstein, quad, plover = fields
        where = f"{source}:{lineno} (code {code!r})"
        if not code.isdigit() or not 2 <= len(code) <= 4:
            raise DataError(f"{where}: a code is 2 to 4 digits")
        if code in codes:
            raise DataError(f"{where}: duplicate code")
        root = code[:2]
        if len(code) > 2 and root not in codes:
            raise DataError(f"{where}: its root {root!r} must come earlier in the file")
        if len(code) == 4 and code[:3] not in codes:
            raise DataError(f"{where}: its parent {code[:3]!r} must come earlier in the file")
        try:
            g = float(goldstein)
            q = int(quad)
        except ValueError as exc:
            raise DataError(f"{where}: goldstein must be a number, quad_class an integer") from exc
        if not -10.0 <= g <= 10.0:
            raise DataError(f"{where}: goldstein {g} is outside -10..10")
        if q != quad_class_of_root(root):
            raise DataError(
                f"{where}: quad_class {q} disagrees with root {root} "
                f"(expected {quad_class_of_root(root)})"
            )
        if plover and plover not in PLOVER_TYPES:
            raise DataError(f"{where}: unknown PLOVER type {plover!r}")
        if not name:
            raise DataError(f"{where}: empty name")
        codes[code] = CameoCode(code, name, root, g, q, plover)
    if not header_seen:
        raise DataError(f"{source}: no header line; expected {_HEADER!r}")
    missing = [r for r in ROOT_TO_PLOVER if r not in codes]
    if missing:
        raise DataError(f"{source}: roots missing: {', '.join(missing)}")
    for r, p in ROOT_TO_PLOVER.items():
        if codes[r].plover != p:
            raise DataError(
                f"{source}: root {r} has PLOVER {codes[r].plover!r}, ROOT_TO_PLOVER says {p!r}"
            )
    return codes
