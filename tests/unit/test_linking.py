"""Related stories and series, on small stand-ins for Pelican's articles."""

import datetime
from types import SimpleNamespace

import pytest
from campaign import hooks
from campaign.campaign import BUILD_KEY
from campaign.linking import RELATED_CANDIDATES_PER_TAG, link_related, link_series
from campaign.settings import campaign_settings


class Story:
    """The attributes linking.py and sort_out_articles read, nothing more.
    Hashable by identity, as Pelican's articles are."""

    def __init__(self, slug, day, tags=(), type="testimonies", series=None, **metadata):
        self.slug = slug
        self.date = datetime.datetime(2026, 9, 1) + datetime.timedelta(days=day)
        self.tags = list(tags)
        self.type = type
        if series:
            self.series = series
        self.metadata = metadata
        self.url = f"{type}/{slug}/"
        self.translations = []

    def __repr__(self):
        return self.slug


WORKER_STORIES = {"testimonies"}  # the types whose stories are offered as related


def related(stories, count=3):
    link_related(stories, count, WORKER_STORIES)
    return {story.slug: [r.slug for r in story.story.related] for story in stories}


def test_the_story_sharing_most_tags_comes_first():
    night = Story("night-shift", 1, ["caseload", "nights", "referrals"])
    two = Story("two-shared", 2, ["caseload", "nights"])
    one = Story("one-shared", 9, ["caseload"])
    none = Story("nothing-shared", 10, ["pay"])
    assert related([night, two, one, none])["night-shift"] == ["two-shared", "one-shared"]


def test_ties_go_to_the_newest_story():
    me = Story("me", 0, ["caseload"])
    older = Story("older", 3, ["caseload"])
    newer = Story("newer", 7, ["caseload"])
    newest = Story("newest", 8, ["caseload"])
    assert related([me, older, newer, newest])["me"] == ["newest", "newer", "older"]


def test_never_itself_and_never_more_than_count():
    stories = [Story(f"s{i}", i, ["caseload"]) for i in range(6)]
    result = related(stories, count=2)
    for story in stories:
        assert story.slug not in result[story.slug]
        assert len(result[story.slug]) == 2
    assert result["s5"] == ["s4", "s3"]
    assert result["s0"] == ["s5", "s4"]


def test_a_count_of_zero_relates_nothing():
    stories = [Story("a", 1, ["caseload"]), Story("b", 2, ["caseload"])]
    assert related(stories, count=0) == {"a": [], "b": []}


def test_no_tags_no_related_stories():
    assert related([Story("a", 1), Story("b", 2)]) == {"a": [], "b": []}


def test_only_testimonies_are_offered_but_every_story_gets_them():
    story = Story("story", 1, ["caseload"])
    update = Story("bargaining-update", 5, ["caseload"], type="updates")
    news = Story("press", 6, ["caseload"], type="news")
    result = related([story, update, news])
    assert result["story"] == []  # updates and news are not related stories
    assert result["bargaining-update"] == ["story"]
    assert result["press"] == ["story"]


def test_a_shared_category_alone_does_not_relate_stories():
    a = Story("a", 1, ["caseload"])
    b = Story("b", 2, ["pay"])
    a.category = b.category = SimpleNamespace(name="Testimonies")
    assert related([a, b]) == {"a": [], "b": []}


def test_only_the_newest_stories_of_a_tag_are_candidates():
    me = Story("me", 0, ["caseload"])
    crowd = [Story(f"s{i:03}", i + 1, ["caseload"]) for i in range(RELATED_CANDIDATES_PER_TAG + 5)]
    result = related([me, *crowd], count=RELATED_CANDIDATES_PER_TAG + 10)
    assert len(result["me"]) == RELATED_CANDIDATES_PER_TAG
    assert result["me"][-1] == crowd[5].slug  # the five oldest never come up


def test_a_story_of_its_own_tag_candidates_still_finds_others():
    # The newest story is among its tag's candidates, and must not fill a place.
    stories = [Story(f"s{i:03}", i, ["caseload"]) for i in range(RELATED_CANDIDATES_PER_TAG)]
    result = related(stories, count=RELATED_CANDIDATES_PER_TAG)
    assert len(result["s029"]) == RELATED_CANDIDATES_PER_TAG - 1


def test_series_in_date_order_with_previous_and_next():
    third = Story("forum-3", 20, type="updates", series="Caseload forum")
    first = Story("forum-1", 1, type="updates", series="Caseload forum")
    second = Story("forum-2", 10, type="updates", series="Caseload forum")
    alone = Story("press", 5, type="news")
    other = Story("bargaining-1", 2, type="updates", series="Bargaining")
    link_series([third, alone, first, other, second])
    series = {s.slug: s.story.series for s in (first, second, third, other)}
    assert [s.slug for s in series["forum-1"].items] == ["forum-1", "forum-2", "forum-3"]
    assert series["forum-1"].name == "Caseload forum"
    assert series["forum-2"].items is series["forum-1"].items
    assert (series["forum-1"].previous, series["forum-1"].next) == (None, second)
    assert (series["forum-2"].previous, series["forum-2"].next) == (first, third)
    assert (series["forum-3"].previous, series["forum-3"].next) == (second, None)
    assert series["bargaining-1"].items == [other]
    assert (series["bargaining-1"].previous, series["bargaining-1"].next) == (None, None)
    assert not hasattr(alone, "story") or alone.story.series is None


class Generator:
    """What sort_out_articles reads of Pelican's ArticlesGenerator."""

    def __init__(self, articles, drafts=(), related_count=3):
        campaign = SimpleNamespace(
            withdrawn=[],
            unpublished_urls={},
            today=datetime.date(2026, 11, 23),
            petitions={},
            options={"related_count": related_count, "types": campaign_settings({})["types"]},
        )
        self.settings = {BUILD_KEY: campaign}
        self.articles = list(articles)
        self.drafts = list(drafts)
        self.translations, self.hidden_articles, self.hidden_translations, self.drafts_translations = [], [], [], []
        self.campaign = campaign


def draft(slug, day, tags):
    story = Story(slug, day, tags, status="draft")
    story.url = f"drafts/{slug}.html"
    story.settings = {"ARTICLE_URL": "{type}/{slug}/"}
    story.url_format = {"type": "testimonies", "slug": slug}
    return story


@pytest.mark.parametrize(
    "metadata",
    [
        {"withdrawn": "2026-10-01"},
        {"withdrawn": ""},
        {"consent-expires": "2026-11-22"},
        {"consent-scope": "print"},
    ],
    ids=["withdrawn", "withdrawn-without-date", "consent-expired", "off-the-web"],
)
def test_a_story_taken_down_is_nobodys_related_story(metadata):
    me = Story("me", 0, ["caseload", "nights"])
    gone = Story("gone", 9, ["caseload", "nights"], **metadata)
    kept = Story("kept", 1, ["caseload"])
    generator = Generator([me, gone, kept])
    hooks.sort_out_articles(generator)
    assert generator.articles == [me, kept]
    assert me.story.related == [kept]
    assert kept.story.related == [me]


def test_a_draft_is_nobodys_related_story():
    me = Story("me", 0, ["caseload"])
    generator = Generator([me], drafts=[draft("unfinished", 9, ["caseload"])])
    hooks.sort_out_articles(generator)
    assert me.story.related == []
    assert generator.campaign.unpublished_urls == {
        "drafts/unfinished.html": "the address of a draft",
        "testimonies/unfinished/": "the address a draft will have once published",
    }


def test_consent_expiring_today_still_counts():
    me = Story("me", 0, ["caseload"])
    today = Story("expires-today", 9, ["caseload"], **{"consent-expires": "2026-11-23"})
    generator = Generator([me, today])
    hooks.sort_out_articles(generator)
    assert me.story.related == [today]
