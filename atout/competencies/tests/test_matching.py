from decimal import Decimal

from atout.competencies.matching import SoughtInput, rank, rating_for, score


def item(code, importance, mean, evidence=0):
    return SoughtInput(
        competency_id=hash(code) % 1000,
        code=code,
        name=code,
        importance=importance,
        mean_rating=mean,
        evidence_count=evidence,
    )


def test_rating_bands_are_documented_thresholds():
    assert rating_for(None).band == "not_rated"
    assert rating_for(4).band == "strong"
    assert rating_for(3.5).band == "strong"
    assert rating_for(3.49).band == "solid"
    assert rating_for(2.5).band == "solid"
    assert rating_for(1.5).band == "with_help"
    assert rating_for(1.0).band == "not_yet"


def test_score_formula():
    # 3 × (1.0 + 2 × 0.5)
    assert score(item("A", 3, 4.0, evidence=2)) == Decimal("6.00")
    # evidence bonus is capped at two achievements
    assert score(item("A", 3, 4.0, evidence=5)) == Decimal("6.00")
    # 2 × (0.3 not rated + 0)
    assert score(item("B", 2, None)) == Decimal("0.60")


def test_ranking_is_pinned_on_a_small_case():
    ranked = rank(
        [
            item("COM-01", 3, 3.0, evidence=1),  # 3 × (0.75 + 0.5) = 3.75
            item("ORG-01", 3, 4.0, evidence=2),  # 3 × (1.0 + 1.0) = 6.00
            item("SER-01", 2, 4.0, evidence=0),  # 2 × 1.0 = 2.00
            item("NUM-01", 1, 4.0, evidence=2),  # 1 × 2.0 = 2.00 (tie: lower importance)
            item("TEC-01", 3, None, evidence=0),  # 3 × 0.3 = 0.90
        ]
    )
    assert [s.code for s in ranked] == ["ORG-01", "COM-01", "SER-01", "NUM-01", "TEC-01"]
    assert ranked[0].reason.count(";") == 2


def test_ties_break_on_rating_then_code():
    ranked = rank([item("B", 2, 2.0, evidence=1), item("A", 2, 2.0, evidence=1)])
    assert [s.code for s in ranked] == ["A", "B"]


def test_reason_names_importance_rating_and_achievements():
    from django.utils import translation

    with translation.override("en"):
        (suggestion,) = rank([item("X", 3, 3.8, evidence=2)])
    assert suggestion.reason == "sought at high importance; rated strong; 2 achievements"
