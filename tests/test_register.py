"""The private storyteller register: real names out of the repository.

Each test builds its own campaign from tests/bad_inputs/anonymous (a story
by `st-0001`, whose register sits beside the content folder, where a union's
lives by default) over the minimal campaign in tests/helpers.py.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from campaign import storyteller_register as register_file
from campaign.names import NameMatcher, Storyteller, name_parts
from campaign.problems import Problems
from helpers import (
    PROJECT_CONTENT,
    ROOT,
    TEST_PUBLISH_SETTINGS,
    anonymous_campaign,
    build_site,
    fixture_env,
    minimal_content,
    page,
    run_pelican,
    words_found,
    write_files,
)
from lxml import html as lxml_html
from tasks_helpers import run_check

CORPUS = Path(__file__).parent / "bad_inputs"
NAME = ["zephyrine", "quillfeather", "okonjo", "zephy"]


def storytellers(action: str, content: Path, *args, env_extra=None):
    return invoke("storytellers", action, *args, "--content", str(content), content=content, env_extra=env_extra)


def invoke(*args, content: Path, env_extra=None, cwd=ROOT, stdin=None):
    env = {**os.environ, **fixture_env(content), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        input=stdin,
    )


def test_no_register_name_is_in_any_file_git_tracks():
    """The sample's made-up example register is the one place its names may
    be: no other file Git keeps holds one, tests and guide included."""
    from campaign.settings import campaign_settings
    from pelican.settings import read_settings

    located = register_file.locate(campaign_settings(read_settings(str(ROOT / "pelicanconf.py"))), PROJECT_CONTENT)
    loaded = register_file.load_register(located, str(located), Problems())
    if not loaded.usable:
        # No register on this machine (a union's CI without its key): then no
        # story may depend on one, or `check` refuses, as its own test shows.
        assert "Anonymous: yes" not in "".join(p.read_text() for p in PROJECT_CONTENT.rglob("*.md"))
        return
    assert loaded.entries
    if not loaded.example:
        # A union's own register: `check` reads every file a union writes
        # (test_the_projects_own_content_passes_check); the project's own code,
        # tests and guide are not the union's, and a common first name there
        # names nobody.
        pytest.skip("a union's own register: `invoke check` covers the files a union writes")
    register_in_git = located.resolve().relative_to(ROOT).as_posix() if located.resolve().is_relative_to(ROOT) else None
    tellers = [
        Storyteller(entry.id, frozenset(p for name in entry.names() for p in name_parts(name)))
        for entry in loaded.entries.values()
    ]
    matcher = NameMatcher(tellers)
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    files = [name for name in listed.decode().split("\0") if name]
    assert len(files) > 50
    found = []
    for relative in files:
        path = ROOT / relative
        if relative == register_in_git or not path.is_file():
            continue
        found += [(relative, hit.part, hit.line) for hit in matcher.find(path.read_bytes().decode("utf-8", "replace"))]
    assert found == []


def test_the_name_lives_only_in_the_register_and_the_gate_still_knows_it(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    story = (content / "testimonies/hidden-name.md").read_text()
    assert "Storyteller: st-0001" in story and "Zephyrine" not in story
    site = build_site(content, tmp_path / "out", settings_file=TEST_PUBLISH_SETTINGS)
    assert (
        "Emergency Response Social Worker" in page(site, "testimonies/the-night-intake-ran-out-of-beds/").text_content()
    )
    assert words_found(site, NAME) == []
    # A nickname from the register, pasted into another post, is caught too.
    write_files(
        content, {"news/thanks.md": "Title: Thanks\nId: thanks-0009\nDate: 2026-10-20\n\nThanks, Zephy Okonjo!\n"}
    )
    assert "news/thanks.md:5: the text contains `zephy`" in run_check(content)


@pytest.mark.parametrize("state", ["missing", "locked"])
def test_without_the_register_check_and_publish_refuse_and_a_preview_warns(tmp_path, state):
    content = anonymous_campaign(tmp_path / "content")
    story = content / "testimonies/hidden-name.md"  # consent only in the register, as the guide says
    story.write_text(story.read_text().replace("Consent: 2026-09-30\n", ""))
    registered = tmp_path / "private/storytellers.yml"
    env = {}
    if state == "missing":
        registered.unlink()
    else:  # encrypted to a key this machine does not have
        import pyrage

        other = pyrage.x25519.Identity.generate()
        locked = registered.with_name("storytellers.yml.age")
        locked.write_bytes(pyrage.encrypt(registered.read_bytes(), [other.to_public()]))
        registered.unlink()
        env = {"CAMPAIGN_REGISTER": str(locked), "CAMPAIGN_REGISTER_KEY": str(tmp_path / "no-key.txt")}
    checked = invoke("check", "--content", str(content), content=content, env_extra=env)
    assert checked.returncode == 1
    reason = "there is no storyteller register" if state == "missing" else "is encrypted and this machine has no key"
    assert reason in checked.stdout and "so nothing is published" in checked.stdout
    assert "no Consent date" not in checked.stdout  # one problem, said once, not one per story
    assert checked.stdout.splitlines()[-1].startswith("1 error")
    output = write_files(tmp_path / "site", {"index.html": "<p>the live site</p>\n"})
    published = invoke("publish", "--content", str(content), "--output", str(output), content=content, env_extra=env)
    assert published.returncode != 0
    assert (output / "index.html").read_text() == "<p>the live site</p>\n"
    # A local preview goes on, and says so on every page.
    preview = run_pelican(content, tmp_path / "preview", env_extra=env)
    assert preview.returncode == 0, preview.stderr[-2000:]
    assert "this preview does not check anonymous storytellers' names" in preview.stderr
    pages = list((tmp_path / "preview").rglob("index.html"))
    assert len(pages) > 5
    for path in pages:
        assert lxml_html.fromstring(path.read_bytes()).xpath("//p[@class='preview-warning']"), path


def test_an_encrypted_register_round_trips(tmp_path):
    import pyrage

    content = anonymous_campaign(tmp_path / "content")
    key = tmp_path / "keys/register-key.txt"
    key.parent.mkdir()
    identity = pyrage.x25519.Identity.generate()
    key.write_text(f"{identity}\n")
    env = {"CAMPAIGN_REGISTER_KEY": str(key)}
    plain = tmp_path / "private/storytellers.yml"
    before = plain.read_text()
    encrypted = storytellers("encrypt", content, env_extra=env)
    assert encrypted.returncode == 0, encrypted.stderr
    locked = tmp_path / "private/storytellers.yml.age"
    assert locked.exists() and not plain.exists()
    assert b"Zephyrine" not in locked.read_bytes()
    assert pyrage.decrypt(locked.read_bytes(), [identity]).decode() == before
    assert str(identity.to_public()) in (tmp_path / "private/storytellers.yml.recipients").read_text()
    # The project finds the .age file itself, opens it with the key, and guards the name.
    write_files(content, {"news/thanks.md": "Title: Thanks\nId: thanks-0010\nDate: 2026-10-20\n\nThanks, Okonjo!\n"})
    checked = invoke("check", "--content", str(content), content=content, env_extra=env)
    assert "news/thanks.md:5: the text contains `okonjo`" in checked.stdout, checked.stdout
    # Decrypted again, the register is what it was.
    (content / "news/thanks.md").unlink()
    decrypted = storytellers("decrypt", content, env_extra={**env, "CAMPAIGN_REGISTER": str(locked)})
    assert decrypted.returncode == 0, decrypted.stderr
    assert plain.read_text() == before


def test_re_encrypting_keeps_everyone_and_refuses_what_would_lock_people_out(tmp_path):
    import pyrage

    content = anonymous_campaign(tmp_path / "content")
    mine, theirs = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    key = tmp_path / "my-key.txt"
    key.write_text(f"{mine}\n")
    env = {"CAMPAIGN_REGISTER_KEY": str(key)}
    plain, locked = tmp_path / "private/storytellers.yml", tmp_path / "private/storytellers.yml.age"
    recipients = tmp_path / "private/storytellers.yml.recipients"
    bad = storytellers("encrypt", content, "--to", "age1notakey", env_extra=env)
    assert bad.returncode == 2 and "is not an age public key" in bad.stderr and "Traceback" not in bad.stderr
    assert plain.exists() and not locked.exists() and not recipients.exists()
    assert storytellers("encrypt", content, "--to", str(theirs.to_public()), env_extra=env).returncode == 0
    assert storytellers("decrypt", content, env_extra={**env, "CAMPAIGN_REGISTER": str(locked)}).returncode == 0
    locked.unlink()
    # Encrypted again without --to, as the guide's editing steps do: both keys still open it.
    again = storytellers("encrypt", content, env_extra=env)
    assert "Encrypted to 2 key(s)" in again.stdout, again.stdout + again.stderr
    for identity in (mine, theirs):
        assert b"Zephyrine" in pyrage.decrypt(locked.read_bytes(), [identity])
    # A keeper whose own key is not among them keeps the plain file, and is told why.
    (tmp_path / "private/storytellers.yml").write_bytes(pyrage.decrypt(locked.read_bytes(), [mine]))
    locked.unlink()
    recipients.write_text(f"{theirs.to_public()}\n")
    kept = storytellers("encrypt", content, env_extra={"CAMPAIGN_REGISTER_KEY": str(tmp_path / "no-key.txt")})
    assert kept.returncode == 0 and "was kept" in kept.stdout and plain.exists() and locked.exists()


def test_migrate_moves_real_names_into_the_register(tmp_path):
    content = minimal_content(
        tmp_path / "content",
        {
            "testimonies/quill.md": """
            Title: Nights at intake
            Id: quill-0001
            Date: 2026-10-05
            Author: Wilhelmina Trask
            Anonymous: yes
            Role: Program Coordinator
            Workplace: Test Program
            Consent: 2026-09-30
            Consent-Scope: web, feed
            Allow-Name-Words: Trask

            The night was long.
            """,
            "testimonies/second.md": """
            Title: Another night
            Id: quill-0002
            Date: 2026-10-06
            Author: Wilhelmina Trask
            Anonymous: yes
            Role: Program Coordinator
            Workplace: Test Program
            Consent: 2026-10-01

            Another long night.
            """,
            "testimonies/third.md": """
            Title: A third night
            Id: quill-0003
            Date: 2026-10-07
            Author: Wilhelmina Trask
            Anonymous: yes
            Role: Program Coordinator
            Workplace: Test Program
            Consent: 2026-09-30
            Consent-Scope: web, feed

            A third long night.
            """,
        },
    )
    refused = invoke("check", "--content", str(content), content=content)
    assert "testimonies/quill.md:4: this anonymous story has its teller's real name in `Author:`" in refused.stdout
    moved = storytellers("migrate", content)
    assert moved.returncode == 0, moved.stderr
    assert "git filter-repo --replace-text" in moved.stdout
    ids = {}
    for name in ("quill.md", "second.md", "third.md"):
        text = (content / "testimonies" / name).read_text()
        assert "Trask" not in text and "Wilhelmina" not in text and "Consent" not in text
        ids[name] = next(line for line in text.splitlines() if line.startswith("Storyteller: ")).split(": ")[1]
    # The same person on the same terms shares an entry; other terms keep their own.
    assert ids["quill.md"] == ids["third.md"] != ids["second.md"]
    registered = register_file.load_register(tmp_path / "private/storytellers.yml", "register", Problems())
    first, second = registered.entries[ids["quill.md"]], registered.entries[ids["second.md"]]
    assert first.name == second.name == "Wilhelmina Trask"
    assert (first.consent.isoformat(), first.scope, first.allow) == ("2026-09-30", ("feed", "web"), ("Trask",))
    assert (second.consent.isoformat(), second.scope) == ("2026-10-01", ("feed", "print", "web"))
    purge = tmp_path / "private/names-to-purge.txt"
    assert purge.read_text() == "literal:Wilhelmina Trask==>[removed]\n" and oct(purge.stat().st_mode)[-3:] == "600"
    # Consent now comes from the register, each story on its own terms.
    checked = invoke("check", "--content", str(content), content=content)
    assert checked.returncode == 0, checked.stdout


def test_a_story_that_disagrees_with_the_register_is_refused(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    story = content / "testimonies/hidden-name.md"
    story.write_text(story.read_text().replace("Consent: 2026-09-30", "Consent: 2026-09-29\nConsent-Scope: web"))
    output = run_check(content)
    assert (
        "testimonies/hidden-name.md:9: `Consent: 2026-09-29` disagrees with the storyteller register "
        "(st-0001 in private/storytellers.yml says `2026-09-30`)"
    ) in output
    assert "testimonies/hidden-name.md:10: `Consent-Scope: web` disagrees" in output


def test_register_consent_governs_the_site(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    story = content / "testimonies/hidden-name.md"
    story.write_text(story.read_text().replace("Consent: 2026-09-30\n", ""))
    registered = tmp_path / "private/storytellers.yml"
    registered.write_text(registered.read_text().replace("scope: [web, feed, print]", "scope: [web]"))
    site = build_site(content, tmp_path / "out", settings_file=TEST_PUBLISH_SETTINGS)
    assert (site / "testimonies/the-night-intake-ran-out-of-beds/index.html").exists()
    assert b"night intake" not in (site / "feeds/all.atom.xml").read_bytes().lower()


def test_an_unknown_storyteller_id_is_an_error(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    story = content / "testimonies/hidden-name.md"
    story.write_text(story.read_text().replace("st-0001", "st-0010"))
    output = run_check(content)
    assert (
        "testimonies/hidden-name.md:4: storyteller `st-0010` is not in the register private/storytellers.yml" in output
    )


def test_a_lone_anonymous_story_in_its_workplace_draws_a_warning(tmp_path):
    content = anonymous_campaign(tmp_path / "content")
    lone = (
        "testimonies/hidden-name.md:7: warning: this anonymous story's teller is the only published "
        "storyteller working as Emergency Response Social Worker at Harbor County DCFS"
    )
    assert lone in run_check(content)
    # A second story by the same teller does not make a group: it counts people.
    write_files(
        content,
        {
            "testimonies/again.md": (content / "testimonies/hidden-name.md")
            .read_text()
            .replace("5c0d9e1a7b24", "again-0001")
            .replace("ran out of beds", "ran out again")
        },
    )
    assert lone in run_check(content)
    (content / "testimonies/again.md").unlink()
    write_files(
        content,
        {
            "testimonies/colleague.md": """
        Title: A colleague's night
        Id: colleague-0001
        Date: 2026-10-07
        Author: Test Colleague
        Role: Emergency Response Social Worker
        Workplace: Harbor County DCFS, Central Intake
        Consent: 2026-10-01
        Category: Harbor County

        Another night.
        """
        },
    )
    # A named colleague in a narrower workplace makes a group of two.
    assert lone not in run_check(content)


def test_new_writes_the_name_to_the_register_not_the_story(tmp_path):
    content = minimal_content(tmp_path / "content")
    made = invoke(
        "new",
        "testimony",
        "Coat on at the desk",
        "--content",
        str(content),
        "--anonymous",
        "--name",
        "Teodora Blanchflower",
        content=content,
    )
    assert made.returncode == 0, made.stderr
    story = (content / "testimonies/coat-on-at-the-desk.md").read_text()
    assert "Blanchflower" not in story and "Storyteller: st-0001" in story and "Anonymous: yes" in story
    assert "Author:" not in story and "Consent:" not in story and "Consent-Scope:" not in story
    registered = register_file.load_register(tmp_path / "private/storytellers.yml", "register", Problems())
    assert registered.entries["st-0001"].name == "Teodora Blanchflower"
    assert registered.entries["st-0001"].consent is None  # never invented
    # The same person again, typed differently: their entry, not a second one.
    again = invoke(
        "new",
        "testimony",
        "Second night",
        "--content",
        str(content),
        "--anonymous",
        "--name",
        "teodora  BLANCHFLOWER",
        content=content,
    )
    assert "is already st-0001" in again.stdout
    assert "Storyteller: st-0001" in (content / "testimonies/second-night.md").read_text()
    assert list(register_file.load_register(tmp_path / "private/storytellers.yml", "r", Problems()).entries) == [
        "st-0001"
    ]
    # Non-interactive without a choice: refused, nothing written.
    undecided = invoke("new", "testimony", "Another one", "--content", str(content), content=content)
    assert undecided.returncode != 0 and "--anonymous or --named" in undecided.stderr
    assert not (content / "testimonies/another-one.md").exists()


def test_new_never_writes_a_real_name_into_the_example_register(tmp_path):
    content = minimal_content(tmp_path / "content")
    example = tmp_path / "examples/storytellers.yml"
    example.parent.mkdir()
    shutil.copy(ROOT / "examples/storytellers.yml", example)
    before = example.read_text()
    made = invoke(
        "new",
        "testimony",
        "Coat on",
        "--content",
        str(content),
        "--anonymous",
        "--name",
        "Real Person",
        content=content,
        env_extra={"CAMPAIGN_REGISTER": str(example)},
    )
    assert made.returncode != 0 and "example register, kept in Git" in made.stderr
    assert example.read_text() == before and not (content / "testimonies/coat-on.md").exists()


def git(repository: Path, *args, check=True):
    return subprocess.run(
        ["git", "-C", str(repository), *args],
        capture_output=True,
        text=True,
        check=check,
        env=dict(
            os.environ,
            GIT_AUTHOR_NAME="T",
            GIT_AUTHOR_EMAIL="t@example.org",
            GIT_COMMITTER_NAME="T",
            GIT_COMMITTER_EMAIL="t@example.org",
            **fixture_env(repository / "content"),
        ),
    )


def test_a_pasted_name_is_caught_by_check_and_by_the_pre_commit_hook(tmp_path):
    from tools.storytellers import install_hook

    repository = tmp_path / "campaign"
    content = anonymous_campaign(repository / "content")
    (repository / ".gitignore").write_text("private/\n")
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "start")
    install_hook(repository, sys.executable, ROOT)
    write_files(content, {"pages/thanks.md": "Title: Thanks\n\nOur thanks to Zephyrine for her story.\n"})
    assert "pages/thanks.md:3: the text contains `zephyrine`" in run_check(content)
    git(repository, "add", ".")
    refused = git(repository, "commit", "-q", "-m", "thanks", check=False)
    assert refused.returncode != 0
    assert "content/pages/thanks.md:3: this file, kept by Git, contains `zephyrine`" in refused.stdout + refused.stderr
    assert git(repository, "rev-list", "--count", "HEAD").stdout.strip() == "1"
    # Reworded, the same commit goes through.
    (content / "pages/thanks.md").write_text("Title: Thanks\n\nOur thanks to everyone who spoke up.\n")
    git(repository, "add", ".")
    assert git(repository, "commit", "-q", "-m", "thanks", check=False).returncode == 0
    # A name in a file's name, or in the commit message, is refused too.
    (content / "news").mkdir(exist_ok=True)
    (content / "news/okonjo-thanks.md").write_text("Title: Thanks\nId: thanks-0011\nDate: 2026-10-20\n\nThanks.\n")
    git(repository, "add", ".")
    named_file = git(repository, "commit", "-q", "-m", "thanks", check=False)
    assert named_file.returncode != 0 and "the name of this file, kept by Git, contains `okonjo`" in (
        named_file.stdout + named_file.stderr
    )
    git(repository, "mv", "-f", "content/news/okonjo-thanks.md", "content/news/thanks.md")
    message = git(repository, "commit", "-q", "-m", "Add thanks for Zephyrine", check=False)
    assert message.returncode != 0 and "commit message:1: contains `zephyrine`" in message.stdout + message.stderr
    assert git(repository, "commit", "-q", "-m", "Add a thank-you note", check=False).returncode == 0
    # And `check` reads every tracked file: a name in a template is found too.
    (repository / "notes.txt").write_text("Call Okonjo back on Monday.\n")
    git(repository, "add", "notes.txt")
    checked = run_check(content)
    assert "notes.txt:1: this file, kept by Git, contains `okonjo`" in checked
    # The project's own code and guide (here, a test file) are not a union's to edit: check reads
    # the content, the theme and the settings beside them; the hook reads whatever is staged.
    write_files(repository, {"tests/test_names.py": "NAMES = ['Okonjo']\n"})
    git(repository, "add", "tests/test_names.py")
    assert "tests/test_names.py" not in run_check(content)
    assert git(repository, "commit", "-q", "-m", "tests", check=False).returncode != 0
