"""kronika's CAMEO table: names, Goldstein scores, QuadClass and the PLOVER type/mode/context
of every code (data/cameo.tsv)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..knowledge.tables import data_path, read_tsv

COLUMNS = (
    "code",
    "name",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
    "plover_context",
)

# CAMEO codes a stated intention or a threat to act ("will export", "plans to attack").
# Cooperation takes the 03 "express intent" family; conflict the 13 "threaten" family.
INTENT = {
    "04": "036",
    "05": "032",
    "06": "030",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "08": "035",
    "081": "0351",
    "082": "0352",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "14": "133",
    "16": "131",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "134",
    "165": "135",
    "166": "136",
    "17": "137",
    "172": "132",
    "1721": "1321",
    "1722": "1322",
    "1723": "1323",
    "1724": "1324",
    "18": "1383",
    "19": "138",
    "191": "1381",
    "192": "1382",
    "190": "1384",
    "193": "1384",
    "194": "1384",
    "195": "1384",
    "20": "1383",
    "204": "1385",
}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def plover(self) -> dict[str, str | None]:
        return {"type": self.plover_type, "mode": self.plover_mode, "context": self.plover_context}

    def event_fields(self) -> dict[str, Any]:
        """The fields an `Event` takes from its code: code, name, PLOVER, Goldstein, QuadClass."""
        return {
            "cameo": self.code,
            "cameo_name": self.name,
            "plover": self.plover,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
        }


class CameoTable:
    def __init__(self, path: str | Path | None = None):
        self.codes: dict[str, CameoCode] = {}
        for row in read_tsv(path or data_path("cameo.tsv"), COLUMNS):
            if not re.fullmatch(r"\d{2,4}", row["code"]):
                raise row.error(f"code {row['code']!r} is not a 2-4 digit CAMEO code")
            try:
                goldstein, quad = float(row["goldstein"]), int(row["quad_class"])
            except ValueError:
                raise row.error("goldstein must be a number and quad_class 1-4") from None
            self.codes[row["code"]] = CameoCode(
                row["code"],
                row["name"],
                goldstein,
                quad,
                row["plover_type"] or None,
                row["plover_mode"] or None,
                row["plover_context"] or None,
            )

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def with_codes(self, codes: set[str]) -> CameoTable:
        """This table with codes a user's dictionary uses that CAMEO lacks (a PETRARCH test
        dictionary's "901", old WEIS codes), as events with no name, PLOVER type or scale."""
        extended = copy.copy(self)
        extended.codes = dict(self.codes)
        for code in sorted(codes - set(self.codes)):
            extended.codes[code] = CameoCode(
                code, f"code {code} of a user's dictionary", 0.0, 0, None, None, None
            )
        return extended

    def __getitem__(self, code: str) -> CameoCode:
        return self.codes[code]

    def intent(self, code: str) -> str | None:
        """The CAMEO code for an intention to do `code` (most specific match first)."""
        for size in (4, 3, 2):
            found = INTENT.get(code[:size])
            if found and (size == len(code) or size == 2 or len(code) >= size):
                return found
        return None

    def request(self, code: str | None, family: str) -> str:
        """The code for asking someone to do `code`: in `family` "02" (appeal) or "10"
        (demand), the code parallel to its 03 intent code ("release" 0841 -> intent 0353 ->
        demand 1053), else the family's general code (020, 100)."""
        intent = self.intent(code) if code else None
        if intent and intent.startswith("03"):
            for size in (len(intent), 3):
                candidate = family + intent[2:size]
                if candidate in self:
                    return candidate
        return family + "0"


@lru_cache(maxsize=1)
def cameo_table() -> CameoTable:
    return CameoTable()
