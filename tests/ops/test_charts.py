"""Chart geometry: bars proportional to values, axis tops people can read."""

from __future__ import annotations

import pytest

from newsdesk.ops.charts import BOTTOM, HEIGHT, TOP, bar_chart, nice_ceiling


@pytest.mark.parametrize(("value", "expected"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20),
                                                  (180, 200), (0.3, 0.5)])
def test_nice_ceiling(value: float, expected: float) -> None:
    assert nice_ceiling(value) == pytest.approx(expected)


def test_bars_are_proportional_and_share_a_baseline() -> None:
    chart = bar_chart("t", [("a", 10), ("b", 5), ("c", 0)])
    plot_h = HEIGHT - TOP - BOTTOM
    a, b, c = chart.bars
    assert a.height == pytest.approx(plot_h)  # 10 is the axis top
    assert b.height == pytest.approx(plot_h / 2)
    assert c.height == 0
    assert {round(bar.y + bar.height, 2) for bar in chart.bars} == {TOP + plot_h}
    assert [t.label for t in chart.ticks] == ["0", "5", "10"]
    assert not chart.empty


def test_fixed_top_for_percentages_and_labels_every_nth() -> None:
    chart = bar_chart("rate", [(str(i), 50.0) for i in range(6)], unit="%", top=100, every=2)
    assert chart.bars[0].shown == "50%"
    assert chart.bars[0].height == pytest.approx((HEIGHT - TOP - BOTTOM) / 2)
    assert [x.label for x in chart.x_labels] == ["0", "2", "4"]
    assert chart.ticks[-1].label == "100%"


def test_all_zero_is_marked_empty() -> None:
    assert bar_chart("t", [("a", 0), ("b", 0)]).empty
