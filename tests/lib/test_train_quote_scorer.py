"""The quote scorer's training picks its L2 penalty by cross-validated F1, ties going to the stronger penalty."""

from __future__ import annotations

from evaluation.train_quote_scorer import Choice, chosen


def test_a_penalty_within_one_quote_of_the_best_is_a_tie_won_by_the_stronger():
    # The out-of-fold F1s of a retrain after a small rule change: 3 leads 10 by half a quote.
    grid = [Choice(1.0, 0.8811, 0.55, 0.25), Choice(3.0, 0.8818, 0.50, 0.25), Choice(10.0, 0.8817, 0.45, 0.25),
            Choice(30.0, 0.8813, 0.50, 0.175), Choice(100.0, 0.8811, 0.35, 0.175)]
    assert chosen(grid, one_quote=0.0002) == Choice(10.0, 0.8817, 0.45, 0.25)


def test_a_penalty_ahead_by_more_than_one_quote_wins():
    grid = [Choice(3.0, 0.8801, 0.55, 0.275), Choice(10.0, 0.8799, 0.65, 0.2), Choice(30.0, 0.8806, 0.5, 0.225),
            Choice(100.0, 0.8792, 0.45, 0.175)]
    assert chosen(grid, one_quote=0.0002).l2 == 30.0
