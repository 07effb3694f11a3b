"""Domain rules shared by the importer, the forms and the services."""
from __future__ import annotations

# total score (0-100: benefit 0-40 + problems 0-30 + progress 0-30) -> stars, best first
STAR_THRESHOLDS = ((85, 5), (70, 4), (55, 3), (40, 2))


def stars_for_score(score: int) -> int:
    """星级 for a dynamic-evaluation score."""
    return next((stars for floor, stars in STAR_THRESHOLDS if score >= floor), 1)
