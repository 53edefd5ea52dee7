"""The header reader: which lines are keys, and on which line each one is."""

import textwrap

from campaign.frontmatter import parse_header, read_header


def header(text):
    return parse_header(textwrap.dedent(text).lstrip("\n"))


def test_keys_values_and_lines():
    h = header(
        """
        Title: The night the phones never stopped
        Date: 2026-10-02
        Role: Referral coordinator

        We had 65 students each.
        """
    )
    assert h.get("title") == "The night the phones never stopped"
    assert h.line("title") == 1
    assert h.get("date") == "2026-10-02"
    assert h.line("date") == 2
    assert h.line("role") == 3
    assert h.body_line == 5
    assert h.body.startswith("We had 65 students each.")
    assert not (h.duplicates or h.stray or h.folded_keys or h.late_keys)


def test_keys_are_looked_up_in_any_case_and_keep_their_spelling():
    h = header(
        """
        tItLe: Caseloads
        CONSENT-SCOPE: web, feed

        Body.
        """
    )
    assert h.get("Title") == h.get("TITLE") == "Caseloads"
    assert h.get("consent-scope") == "web, feed"
    assert h.fields["title"].key == "tItLe"  # as written, for messages
    assert h.line("Consent-Scope") == 2


def test_a_missing_key_has_the_default_and_line_one():
    h = header("Title: x\n\nBody")
    assert h.get("summary") is None
    assert h.get("summary", "") == ""
    assert h.line("summary") == 1
    assert h.line("summary", 7) == 7


def test_an_empty_value_is_kept_as_empty():
    h = header(
        """
        Title: x
        Summary:
        Quote:   

        Body
        """
    )
    assert h.get("summary") == ""
    assert h.get("quote") == ""
    assert h.line("quote") == 3


def test_values_are_stripped():
    assert header("Title:    Spaced out   \n\nBody").get("title") == "Spaced out"


def test_continuation_lines_join_the_value_before_them():
    h = header(
        """
        Title: One story
        Tags: caseload,
            nights,
            referrals
        Role: Coordinator

        Body
        """
    )
    assert h.get("tags") == "caseload, nights, referrals"
    assert h.line("tags") == 2  # the line the key is on
    assert h.line("role") == 5
    assert h.body_line == 7


def test_an_indented_key_is_folded_into_the_value_above_and_noticed():
    h = header(
        """
        Title: One story
        Storyteller: st-0142
            Anonymous: yes

        Body
        """
    )
    assert "anonymous" not in h.fields
    assert h.get("storyteller") == "st-0142 Anonymous: yes"
    assert [(f.key, f.value, f.line) for f in h.folded_keys] == [("Anonymous", "yes", 3)]


def test_up_to_three_spaces_before_a_key_is_still_a_key():
    h = header("Title: x\n   Role: Coordinator\n\nBody")
    assert h.get("role") == "Coordinator"
    assert not h.folded_keys


def test_a_key_with_a_space_ends_the_header_and_is_reported_as_stray():
    h = header(
        """
        Title: One story
        Consent Scope: print
        Role: Coordinator

        Body
        """
    )
    assert set(h.fields) == {"title"}
    assert (h.stray.key, h.stray.value, h.stray.line) == ("Consent Scope", "print", 2)
    assert h.body_line == 2
    assert h.body.startswith("Consent Scope: print")
    # The key-like line after the stray one is published too, and noticed.
    assert [(f.key, f.line) for f in h.late_keys] == [("Role", 3)]


def test_keys_after_the_blank_line_are_late_not_keys():
    h = header(
        """
        Title: One story

        Status: draft
        Consent: 2026-09-20
        The first paragraph goes on.

        Anonymous: yes
        """
    )
    assert set(h.fields) == {"title"}
    assert [(f.key, f.value, f.line) for f in h.late_keys] == [("Status", "draft", 3), ("Consent", "2026-09-20", 4)]
    # Only the first paragraph of the body is looked at.
    assert "anonymous" not in {f.key.lower() for f in h.late_keys}


def test_late_keys_after_several_blank_lines_keep_their_line():
    h = parse_header("Title: x\n\n\n\nStatus: draft\n")
    assert [(f.key, f.line) for f in h.late_keys] == [("Status", 5)]


def test_a_key_written_twice_is_a_duplicate_and_the_last_one_counts():
    h = header(
        """
        Title: First
        Role: Coordinator
        title: Second

        Body
        """
    )
    assert h.get("title") == "Second"
    assert h.line("title") == 3
    assert [(f.key, f.value, f.line) for f in h.duplicates] == [("title", "Second", 3)]


def test_a_dash_fence_around_the_header():
    h = header(
        """
        ---
        Title: Fenced
        Date: 2026-10-02
        ---
        Body: not a key, a sentence.
        """
    )
    assert h.get("title") == "Fenced"
    assert h.line("title") == 2
    assert h.line("date") == 3
    assert h.body_line == 5
    assert h.body.startswith("Body: not a key")
    assert "body" not in h.fields


def test_a_byte_order_mark_does_not_hide_the_first_key():
    h = parse_header("\ufeffTitle: With a BOM\n\nBody")
    assert h.get("title") == "With a BOM"
    assert h.line("title") == 1


def test_a_file_without_a_header_is_all_body():
    h = parse_header("We had 65 students each.\nNobody could keep up.\n")
    assert h.fields == {}
    assert h.body_line == 1
    assert h.body.startswith("We had 65 students each.")


def test_an_empty_file():
    h = parse_header("")
    assert h.fields == {}
    assert h.body == ""


def test_a_url_value_keeps_its_colons():
    h = header("Url: https://sign.example.org/cap?ref=a:b\n\nBody")
    assert h.get("url") == "https://sign.example.org/cap?ref=a:b"


def test_read_header_reports_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes("Title: Caf\xe9\n\nBody".encode("latin-1"))
    h = read_header(path)
    assert h.unreadable == "is not saved as UTF-8 (byte 11 cannot be read)"  # 1-based: after "Title: Caf"
    assert h.fields == {}


def test_read_header_reads_a_file(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("Title: From disk\nRole: Coordinator\n\nBody\n", encoding="utf-8")
    h = read_header(path)
    assert h.get("role") == "Coordinator"
    assert h.line("role") == 2
    assert not h.unreadable
