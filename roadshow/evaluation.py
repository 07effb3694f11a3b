"""评价规则: the documented rules for warning lights (预警), star ratings (星级动态评价) and the
monthly street assessment (月调度考核). Their numbers live in one TOML file (evaluation.toml, or
ROADSHOW_EVALUATION_FILE); the code reads them here and nowhere else."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from .settings import settings


def rules() -> dict:
    """The rules file in force, parsed (read again when the file or the setting changes)."""
    path = Path(settings().evaluation_file)
    return _parsed(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _parsed(path: Path, _mtime: int) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)
