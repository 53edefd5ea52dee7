"""The privacy gate's name matcher: what counts as an anonymous storyteller's
name, and, as much, what does not. Every name here is invented."""

import pytest
from campaign.names import NameMatcher, Storyteller, decoded, fold, name_parts

NAMES = {
    "testimonies/night-shift.md": "Zephyrine Quillfeather",
    "testimonies/two-campuses.md": "Li Wen",
    "testimonies/harbor.md": "Søren Gießler",
    "testimonies/valley.md": "Kasia Włodarczyk",
    "testimonies/old-building.md": "Ottilie van Drumwelde",
    "testimonies/mentoring.md": "Maëlle Ståhlberg",
    "testimonies/late-bus.md": "Æsa Strong",
}


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher([Storyteller(source, frozenset(name_parts(name))) for source, name in NAMES.items()])


def found(matcher, text, **mode):
    return sorted({hit.part for hit in matcher.find(text, **mode)})


class TestNameParts:
    def test_parts_are_folded_whole_words(self):
        assert name_parts("Zephyrine Quillfeather") == {"zephyrine", "quillfeather"}
        assert name_parts("Søren Gießler-Æbelholt") == {"soren", "giessler", "aebelholt"}

    def test_particles_and_initials_are_not_looked_for_alone(self):
        assert name_parts("Ottilie van Drumwelde") == {"ottilie", "drumwelde"}
        assert name_parts("Rosalind de la Marquessa y Vell") == {"rosalind", "marquessa", "vell"}
        assert name_parts("J. R. Quillfeather") == {"quillfeather"}

    def test_a_two_letter_name_is_looked_for(self):
        assert name_parts("Li Wen") == {"li", "wen"}


class TestFold:
    @pytest.mark.parametrize(
        "text, folded",
        [
            ("ZEPHYRINE", "zephyrine"),
            ("Zéphyrine", "zephyrine"),
            ("ｚｅｐｈｙｒｉｎｅ", "zephyrine"),  # full width
            ("Søren", "soren"),
            ("Gießler", "giessler"),
            ("GIEẞLER", "giessler"),
            ("Æsa", "aesa"),
            ("Włodarczyk", "wlodarczyk"),
            ("Maëlle Ståhlberg", "maelle stahlberg"),
            ("Quill\u00adfeather", "quillfeather"),  # soft hyphen
            ("Zeph\u200byrine", "zephyrine"),  # zero-width space
            ("Zeph\u200dyr\u2060ine\ufeff", "zephyrine"),  # joiner, word joiner, BOM
        ],
    )
    def test_fold(self, text, folded):
        assert fold(text) == folded

    def test_ascii_is_only_lowercased(self):
        assert fold("65 Students, Cap of 45") == "65 students, cap of 45"


class TestDecoded:
    @pytest.mark.parametrize(
        "text, plain",
        [
            ("Z&#101;phyrine", "Zephyrine"),
            ("Z&#x65;phyrine", "Zephyrine"),
            ("Ma&euml;lle", "Maëlle"),
            ("Z&amp;#101;phyrine", "Zephyrine"),  # escaped again, as HTML inside XML
            ("Zeph\\u0079rine", "Zephyrine"),
            ("Gie%C3%9Fler", "Gießler"),
        ],
    )
    def test_what_stands_for_a_letter_is_decoded(self, text, plain):
        assert decoded(text) == plain

    @pytest.mark.parametrize(
        "text",
        ["Li &amp; co", "&lt;li&gt;", "a &quot;quote&quot;", "it&#39;s", "share?text=Li%20Wen%2F"],
    )
    def test_what_stands_for_no_letter_is_left(self, text):
        assert decoded(text) == text


class TestFound:
    @pytest.mark.parametrize(
        "text, parts",
        [
            ("Zephyrine told us about the 65 students.", ["zephyrine"]),
            ("ZEPHYRINE QUILLFEATHER", ["quillfeather", "zephyrine"]),
            ("zéphyrine", ["zephyrine"]),
            ("ｚｅｐｈｙｒｉｎｅ", ["zephyrine"]),
            ("Soren Giessler", ["giessler", "soren"]),
            ("SØREN GIESSLER", ["giessler", "soren"]),
            ("Gießler", ["giessler"]),
            ("Aesa said", ["aesa"]),
            ("Wlodarczyk", ["wlodarczyk"]),
            ("Maelle Stahlberg", ["maelle", "stahlberg"]),
            ("Quill\u00adfeather", ["quillfeather"]),
            ("Zeph\u200byrine", ["zephyrine"]),
            ("Z&#101;phyrine", ["zephyrine"]),
            ("Z&amp;#x65;phyrine", ["zephyrine"]),
            ('{"title": "Zeph\\u0079rine"}', ["zephyrine"]),
            ("https://example.org/?q=Gie%C3%9Fler", ["giessler"]),
            ("%5Aephyrine", ["zephyrine"]),
            ("Quillfeather\u2019s shift", ["quillfeather"]),
            ("photos/zephyrine-quillfeather.jpg", ["quillfeather", "zephyrine"]),
            ("zephyrine_quillfeather", ["quillfeather", "zephyrine"]),
            ("Li Wen, 12-14 referrals a week", ["li", "wen"]),
        ],
    )
    def test_the_name_is_found_in_plain_text(self, matcher, text, parts):
        assert found(matcher, text) == parts

    @pytest.mark.parametrize(
        "text, parts",
        [
            ("<p>Zeph<em>yrine</em> said so</p>", ["zephyrine"]),
            ('<p>Quill<a href="/x">feather</a></p>', ["quillfeather"]),
            ("<p>Zeph<span class='x'>yr</span><wbr>ine</p>", ["zephyrine"]),
            ("<li>Li said so</li>", ["li"]),
            ("<p>Strong words from Æsa</p>", ["aesa", "strong"]),
        ],
    )
    def test_in_markup_inline_tags_do_not_split_a_word(self, matcher, text, parts):
        assert found(matcher, text, markup=True) == parts

    @pytest.mark.parametrize(
        "text, parts",
        [("Zeph*yrine*", ["zephyrine"]), ("**Quill**feather", ["quillfeather"]), ("Zeph`yr`~~ine~~", ["zephyrine"])],
    )
    def test_in_markdown_emphasis_does_not_split_a_word(self, matcher, text, parts):
        assert found(matcher, text, markdown=True) == parts

    def test_without_markup_mode_a_tag_does_split(self, matcher):
        assert found(matcher, "Zeph<em>yrine</em>") == []

    def test_each_hit_has_its_line_and_its_storyteller(self, matcher):
        hits = matcher.find("Cap of 45.\nWen was there.\n\nWen and Wen again.")
        assert [(h.part, h.line, h.storyteller.source) for h in hits] == [
            ("wen", 2, "testimonies/two-campuses.md"),
            ("wen", 4, "testimonies/two-campuses.md"),
        ]

    def test_in_bytes(self, matcher):
        assert {h.part for h in matcher.find_in_bytes("Gießler".encode())} == {"giessler"}
        assert {h.part for h in matcher.find_in_bytes("Gießler".encode("latin-1"))} == {"giessler"}
        assert matcher.find_in_bytes(b"\x89PNG\r\n\x1a\n45 students") == []


class TestNotFound:
    """Clean texts: nothing here may stop a build."""

    @pytest.mark.parametrize(
        "text",
        [
            "We had 65 students each against a cap of 45.",
            "Attrition fell from 40% to 6% after the mentoring pilot.",
            "Zephyrines, Quillfeathered and Gießlers are longer words.",
            "The library, a liar, a lit room, Wendy and Owen.",  # li, wen inside words
            "The van was late and de facto nobody came.",  # particles alone
            "O. and D. signed; so did Q.",  # initials
            "Sorensen and Stahlbergs",
            "Twelve to fourteen referrals per worker, 12-14 in all.",
        ],
    )
    def test_a_clean_text_has_no_hit(self, matcher, text):
        assert matcher.find(text) == []
        assert matcher.find(text, markdown=True) == []
        assert matcher.find(text, markup=True) == []

    @pytest.mark.parametrize(
        "text",
        [
            "<ul><li>65 students</li><li>cap of 45</li></ul>",
            "</li>\n<li class='fact'>",
            "<strong>45</strong>",
            '<atom:link rel="self" href="/feed.xml"/>',
            '<div wen="1" li="2">12-14 referrals</div>',
            '<svg><text x="0" strong="1">40%</text></svg>',
        ],
    )
    def test_tag_and_attribute_names_are_not_names(self, matcher, text):
        assert matcher.find(text, markup=True) == []

    def test_the_same_text_outside_markup_mode_is_read_as_words(self, matcher):
        # Only markup (HTML, XML, SVG) knows `<li>` is a tag; in a plain file it is a word.
        assert found(matcher, "<li>65 students</li>") == ["li"]

    def test_an_empty_matcher_finds_nothing(self):
        empty = NameMatcher([])
        assert not empty
        assert empty.find("Zephyrine Quillfeather") == []
        assert empty.find_in_bytes(b"Zephyrine") == []

    def test_an_allowed_part_is_not_looked_for(self):
        teller = Storyteller("testimonies/a.md", frozenset({"zephyrine", "quillfeather"}), frozenset({"zephyrine"}))
        matcher = NameMatcher([teller])
        assert matcher.parts() == {"quillfeather"}
        assert matcher.find("Zephyrine") == []
        assert [h.part for h in matcher.find("Quillfeather")] == ["quillfeather"]

    def test_a_storyteller_with_only_allowed_parts_makes_an_empty_matcher(self):
        teller = Storyteller("testimonies/a.md", frozenset({"wen"}), frozenset({"wen"}))
        assert not NameMatcher([teller])


def test_a_part_shared_by_two_storytellers_is_reported_for_both():
    matcher = NameMatcher(
        [
            Storyteller("testimonies/a.md", frozenset(name_parts("Ottilie Drumwelde"))),
            Storyteller("testimonies/b.md", frozenset(name_parts("Brannoch Drumwelde"))),
        ]
    )
    hits = matcher.find("Drumwelde")
    assert sorted(h.storyteller.source for h in hits) == ["testimonies/a.md", "testimonies/b.md"]


@pytest.mark.xfail(
    strict=True,
    reason="gap: a name run into digits (`zephyrine2026.jpg`, a handle `quillfeather77`) counts as a longer word",
)
def test_a_name_run_into_digits_is_found(matcher):
    assert found(matcher, "photos/zephyrine2026.jpg") == ["zephyrine"]
    assert found(matcher, "@quillfeather77") == ["quillfeather"]
