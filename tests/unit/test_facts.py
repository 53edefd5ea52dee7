"""Facts: number formatting, values with units, and the comparison sentence."""

import pytest
from campaign.facts import Comparison, Fact, FactsRegistry, format_number, plural_count

from .conftest import ENGLISH


def sentence(comparison):
    """The comparison's English sentence (the msgids, with no catalog)."""
    return comparison.sentence(ENGLISH)


def count(value, short="", unit="students", fact_id="f"):
    return Fact(id=fact_id, label="a count", value=value, unit=unit, short=short)


def percent(value, short=""):
    return Fact(id="p", label="a share", value=value, unit="%", short=short)


@pytest.mark.parametrize(
    "value, shown",
    [
        (65, "65"),
        (2765, "2,765"),
        (1000000, "1,000,000"),
        (0, "0"),
        (-12, "-12"),
        (6.5, "6.5"),
        (6.0, "6"),
        (2765.0, "2,765"),
        (12.24, "12.2"),  # one decimal place
        (0.05, "0.1"),
        (1234.5, "1,234.5"),
        ("12-14", "12-14"),
        (True, "True"),
    ],
)
def test_format_number(value, shown):
    assert format_number(value) == shown


def test_a_float_never_shows_trailing_zeros():
    assert format_number(40.10) == "40.1"
    assert format_number(3.0001) == "3"


@pytest.mark.parametrize(
    "fact, shown",
    [
        (count(65), "65 students"),
        (count(2765, unit="miles"), "2,765 miles"),
        (percent(40), "40%"),
        (Fact(id="x", label="l", value=6, unit=" % "), "6%"),
        (Fact(id="x", label="l", value="12-14", unit="referrals"), "12-14 referrals"),
        (Fact(id="x", label="l", value=3), "3"),
    ],
)
def test_with_unit(fact, shown):
    assert fact.with_unit == shown


def test_is_number_and_is_percent():
    assert count(65).is_number
    assert count(6.5).is_number
    assert not count("12-14").is_number
    assert not count(True).is_number  # YAML's `yes` is not a number
    assert percent(40).is_percent
    assert not count(40).is_percent


@pytest.mark.parametrize(
    "value, other, short, expected",
    [
        (65, 45, "the cap", "20 more than the cap of 45 (44% over)"),
        (65, 45, "", "20 more than 45 (44% over)"),
        (30, 45, "the cap", "15 fewer than the cap of 45 (33% under)"),
        (30, 45, "", "15 fewer than 45 (33% under)"),
        (45, 45, "the cap", "the same as the cap of 45"),
        (45, 45, "", "the same as 45"),
        (46, 45, "", "1 more than 45 (2% over)"),
        (90, 45, "", "45 more than 45 (100% over)"),
        (2765, 1000, "", "1,765 more than 1,000 (176% over)"),
        (6.5, 4, "", "2.5 more than 4 (62% over)"),  # 62.5 rounds to even
        (7, 3, "", "4 more than 3 (133% over)"),
    ],
)
def test_count_comparison(value, other, short, expected):
    assert sentence(Comparison(count(value), count(other, short=short))) == expected


@pytest.mark.parametrize(
    "value, short, expected",
    [
        (3, "", "3 more than 0"),
        (3, "the old cap", "3 more than the old cap of 0"),
        (-2, "", "2 fewer than 0"),
        (0, "", "the same as 0"),
    ],
)
def test_count_comparison_with_zero_gives_no_percentage(value, short, expected):
    assert sentence(Comparison(count(value), count(0, short=short))) == expected


def test_count_comparison_against_a_negative_other_uses_its_size():
    assert sentence(Comparison(count(-5), count(-10))) == "5 more than -10 (50% over)"


@pytest.mark.parametrize(
    "value, other, short, expected",
    [
        (6, 40, "", "down 34 points from 40%"),
        (6, 40, "before the pilot", "down 34 points from 40% (before the pilot)"),
        (52, 40, "", "up 12 points from 40%"),
        (41, 40, "", "up 1 point from 40%"),
        (39, 40, "last year", "down 1 point from 40% (last year)"),
        (40, 40, "", "the same as 40%"),
        (40, 40, "last year", "the same as 40% (last year)"),
        (6.5, 40, "", "down 33.5 points from 40%"),
        (40.5, 40, "", "up 0.5 points from 40%"),
        (5, 0, "", "up 5 points from 0%"),
    ],
)
def test_percent_comparison_counts_points(value, other, short, expected):
    assert sentence(Comparison(percent(value), percent(other, short=short))) == expected


@pytest.mark.parametrize("value, n", [(1, 1), (-1, 1), (34, 34), (-34.0, 34), (0.5, 0), (33.5, 0), (0, 0)])
def test_plural_count(value, n):
    assert plural_count(value) == n


@pytest.mark.parametrize(
    "fact, other",
    [(count(65), count(45, short="the cap")), (percent(6), percent(40)), (percent(41), percent(40))],
)
def test_every_comparison_sentence_is_in_the_spanish_catalog(catalogs, fact, other):
    english = sentence(Comparison(fact, other))
    spanish = Comparison(fact, other).sentence(catalogs.words("es"))
    assert spanish and spanish != english


@pytest.mark.parametrize(
    "fact, other, expected",
    [
        (count(65, short="the cap"), count(45, short="el tope"), "20 más que el tope de 45 (un 44\u00a0% más)"),
        (count(30), count(45), "15 menos que 45 (un 33\u00a0% menos)"),
        (
            percent(6),
            percent(40, short="la rotación antes del piloto"),
            "34 puntos por debajo del 40\u00a0% (la rotación antes del piloto)",
        ),
        (percent(41), percent(40), "1 punto por encima del 40\u00a0%"),
        (count(12_700), count(10_000), "2700 más que 10.000 (un 27\u00a0% más)"),
        (count(6.5), count(4), "2,5 más que 4 (un 62\u00a0% más)"),
    ],
)
def test_a_spanish_comparison_reads_as_spanish_writes_it(catalogs, fact, other, expected):
    """Spanish words and Spanish numbers: 2700 whole, 10.000 grouped, 2,5, a space before %."""
    assert Comparison(fact, other).sentence(catalogs.words("es")) == expected


def test_a_fact_speaks_the_language_facts_yml_gives_it(catalogs):
    cap = Fact(
        id="cap",
        label="students per coordinator, the cap we ask for",
        value=45,
        unit="students",
        short="the cap",
        wordings=(("es", (("label", "estudiantes por coordinadora: el tope que pedimos"), ("short", "el tope"))),),
    )
    spanish = cap.in_language(catalogs.words("es"))
    assert (spanish.label, spanish.short, spanish.unit, spanish.lang) == (
        "estudiantes por coordinadora: el tope que pedimos",
        "el tope",
        "students",  # no Spanish unit given: its own
        "es",
    )
    assert cap.in_language(catalogs.words("en")) == cap


def test_difference():
    assert Comparison(count(65), count(45)).difference == 20
    assert Comparison(percent(6), percent(40)).difference == -34


class TestRegistryComparison:
    def registry(self, *facts):
        registry = FactsRegistry()
        for fact in facts:
            registry[fact.id] = fact
        return registry

    def test_a_fact_with_compare_to_is_compared(self):
        cap = count(45, short="the cap", fact_id="cap")
        load = Fact(id="load", label="carried", value=65, unit="students", compare_to="cap")
        comparison = self.registry(cap, load).comparison(load)
        assert comparison.other is cap
        assert sentence(comparison) == "20 more than the cap of 45 (44% over)"

    def test_no_compare_to_no_comparison(self):
        cap = count(45, fact_id="cap")
        assert self.registry(cap).comparison(cap) is None

    def test_unknown_other_no_comparison(self):
        load = Fact(id="load", label="carried", value=65, compare_to="gone")
        assert self.registry(load).comparison(load) is None

    def test_a_text_value_is_never_compared(self):
        target = Fact(id="target", label="referrals", value="12-14", unit="referrals")
        load = Fact(id="load", label="referrals carried", value=20, unit="referrals", compare_to="target")
        registry = self.registry(target, load)
        assert registry.comparison(load) is None
        text = Fact(id="text", label="l", value="12-14", compare_to="load")
        registry["text"] = text
        assert registry.comparison(text) is None


def test_a_spanish_callout_writes_its_numbers_the_spanish_way(catalogs):
    from campaign import render

    registry = FactsRegistry()
    registry["p"] = percent(6.5)
    registry["big"] = count(12_500, unit="firmas")
    callout = render.to_html(render.fact_callout(registry["p"], registry, catalogs.words("es")))
    assert '<data class="fact-value" value="6.5">6,5</data>\u00a0%' in callout
    callout = render.to_html(render.fact_callout(registry["big"], registry, catalogs.words("es")))
    assert ">12.500</data> " in callout
    assert ">6.5</data>%" in render.to_html(render.fact_callout(registry["p"], registry, catalogs.words("en")))
