"""Every command of the project, written once. `make NAME` runs `invoke NAME`
(extra arguments go in ARGS: `make new ARGS='testimony "A title"'`).

    invoke new KIND "Title"   start a testimony, update, news post or petition
    invoke check              list every problem in the content, build nothing
    invoke build              build the site for preview into output/
    invoke serve              build, then serve it on http://127.0.0.1:8000
    invoke livereload         serve, rewrite what each saved change touches, refresh the browser
    invoke publish            build for the web and replace output/ in one step
    invoke storytellers ACTION  the private storyteller register: migrate, keygen, encrypt, decrypt
    invoke install-hooks      refuse commits that name an anonymous storyteller
    invoke check-names        look for anonymous storytellers' names in every file Git keeps
    invoke test               run the whole test suite
    invoke bench              time the build like for like: plain Pelican, Eleventy, Hugo, preview
    invoke translations       update the catalogs of the words the site prints
    invoke screenshots        refresh the README's pictures of a story on a phone and a desktop
"""

from __future__ import annotations

import datetime
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
# The union's settings; CAMPAIGN_SETTINGS / CAMPAIGN_PUBLISH_SETTINGS name
# others (the test suite builds with its own, tests/settings/).
DEV_SETTINGS = Path(os.environ.get("CAMPAIGN_SETTINGS") or ROOT / "pelicanconf.py")
PUBLISH_SETTINGS = Path(os.environ.get("CAMPAIGN_PUBLISH_SETTINGS") or ROOT / "publishconf.py")
HOST, PORT = "127.0.0.1", 8000
SCREENSHOTS = ROOT / "docs" / "screenshots"


def kinds(options: dict) -> dict:
    """The words `new` takes, and their folders: one per content type
    (CAMPAIGN["types"], by its singular name), and petitions. An entry
    without a singular is left out (`check` reports it)."""
    words = {
        str(info["singular"]).lower(): folder
        for folder, info in options["types"].items()
        if isinstance(info, dict) and info.get("singular")
    }
    return {**words, "petition": "petitions"}


def say(message: str):
    print(message, flush=True)


def pelican_command(content, output, settings, *extra) -> list[str]:
    return [PYTHON, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), *map(str, extra)]


def read_settings(settings_file: Path, content: Path | None = None, output: Path | None = None) -> dict:
    from pelican.settings import read_settings as pelican_read_settings

    override = {}
    if content is not None:
        override["PATH"] = str(Path(content).resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return pelican_read_settings(str(settings_file), override=override)


# --- new ------------------------------------------------------------------


def register_path(content: Path, settings_file: Path = DEV_SETTINGS) -> Path:
    """Where the storyteller register is for this content (CAMPAIGN_REGISTER,
    the `register` setting, or private/storytellers.yml beside content/)."""
    from campaign.settings import campaign_settings
    from campaign.storyteller_register import locate

    return locate(campaign_settings(read_settings(Path(settings_file))), Path(content).resolve())


def ask(question: str) -> str:
    print(question, end=" ", flush=True)
    return sys.stdin.readline().strip()


@task(
    help={
        "kind": "testimony, update, news, petition, or the singular of another type in CAMPAIGN['types']",
        "title": "the title, in quotes",
        "content": "content folder (default: content)",
        "settings": "settings file, whose CAMPAIGN['types'] name the kinds (default: pelicanconf.py)",
        "anonymous": "a testimony told anonymously: the name goes to the private register",
        "named": "a testimony told under the storyteller's own name",
        "name": "the storyteller's real name, for an anonymous testimony (kept in the register only)",
        "lang": "the language it is written in, when not the site's own: es, or another the site speaks",
    }
)
def new(
    c, kind, title, content=str(CONTENT), anonymous=False, named=False, name="", lang="", settings=str(DEV_SETTINGS)
):
    """Start a new testimony, update, news post or petition as a draft."""
    from campaign.languages import site_languages
    from campaign.settings import campaign_settings, is_worker_stories
    from pelican.utils import slugify

    from tools.drafts import draft_text
    from tools.storytellers import RegisterError, add_storyteller

    settings_file = Path(settings)
    settings = read_settings(settings_file)
    options = campaign_settings(settings)
    kind = kind.lower().strip()
    known = kinds(options)
    if kind not in known:
        raise Exit(f"Unknown kind `{kind}`: use one of {', '.join(known)}.", code=2)
    # A worker story (a testimony, or any type with `worker_stories: True`)
    # is told anonymously or under the teller's name, and has its template.
    worker_story = is_worker_stories(options, known[kind])
    spoken = site_languages(settings, options)
    lang = lang.strip().lower()
    if lang and lang not in spoken:
        raise Exit(f"This site does not speak `{lang}`: use one of {', '.join(spoken)}.", code=2)
    slug = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    if not slug:
        raise Exit("The title needs at least one letter or digit.", code=2)
    folder = Path(content) / known[kind]
    path = folder / f"{slug}.md"
    if path.exists():
        raise Exit(f"{path} already exists: nothing was written. Choose another title, or edit that file.", code=1)
    teller_id = None
    if worker_story:
        if not (anonymous or named):
            if not sys.stdin.isatty():
                raise Exit("Say whether the story is told anonymously: add --anonymous or --named.", code=2)
            anonymous = ask("Will this story be told anonymously? [y/N]").lower() in ("y", "yes", "s", "si", "sí")
        if anonymous:
            if not name and sys.stdin.isatty():
                name = ask("The storyteller's real name (kept in the private register, never in the story):")
            if not name.strip():
                raise Exit(
                    "An anonymous testimony needs the storyteller's real name for the register: " 'add --name "...".',
                    code=2,
                )
            where = register_path(content, settings_file)
            try:
                teller_id, added = add_storyteller(where, " ".join(name.split()))
            except RegisterError as error:
                raise Exit(f"Nothing was written: {error}", code=1) from None
            if added:
                say(f"Added {teller_id} to the storyteller register {where}; write their consent there.")
            else:
                say(
                    f"{name.strip()} is already {teller_id} in the storyteller register {where}: this story "
                    "uses that entry. If they agreed to this story on other terms, give it an entry of its own."
                )
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(
            draft_text(
                kind,
                title,
                datetime.date.today(),
                storyteller=teller_id,
                worker_story=worker_story,
                lang=lang if lang and lang != spoken[0] else None,
            )
        )
    say(str(path))


# --- check ----------------------------------------------------------------


@task(help={"content": "content folder to check (default: content)", "settings": "settings file"})
def check(c, content=str(CONTENT), settings=str(DEV_SETTINGS)):
    """List every problem in the content, without building the site."""
    from campaign.problems import summary_line
    from campaign.validation import load_and_check

    from tools.storytellers import names_in_git

    checked = load_and_check(read_settings(Path(settings), Path(content)), require_register=True)
    problems = checked.problems
    problems.extend(names_in_git(checked))
    say(f"Checked {checked.files_checked} files in {content}")
    for problem in problems.in_order():
        say(str(problem))
    say(summary_line(len(set(problems.errors)), len(set(problems.warnings))))
    if problems.errors:
        raise Exit(code=1)


# --- the storyteller register ---------------------------------------------


@task(
    positional=["action"],
    help={
        "action": "migrate, keygen, encrypt or decrypt",
        "content": "content folder (default: content)",
        "to": "for encrypt: age public keys (age1...), comma-separated; your own key is added",
    },
)
def storytellers(c, action, content=str(CONTENT), to=""):
    """The private storyteller register: migrate real names out of stories, make a key, encrypt, decrypt."""
    from campaign import storyteller_register as reg

    from tools.storytellers import RegisterError, migrate, purge_instructions

    where = register_path(content)
    try:
        if action == "migrate":
            moved = migrate(Path(content), where, say)
            if not moved:
                say("No anonymous story has a real name in it: nothing to move.")
                return
            for story, teller_id, _name in moved:
                say(f"{story}: the name is now {teller_id} in {where}")
            say(purge_instructions(moved, where))
        elif action == "keygen":
            say(keygen(reg))
        elif action == "encrypt":
            say(encrypt_register(reg, where, to))
        elif action == "decrypt":
            say(decrypt_register(reg, where))
        else:
            raise Exit(f"Unknown action `{action}`: use migrate, keygen, encrypt or decrypt.", code=2)
    except (RegisterError, reg.RegisterLocked) as error:
        raise Exit(f"Nothing was changed: {error}", code=1) from None


def keygen(reg) -> str:
    import pyrage

    key_file = Path(os.environ.get("CAMPAIGN_REGISTER_KEY") or reg.KEY_FILE).expanduser()
    if key_file.exists():
        raise Exit(f"{key_file} already exists: keep it; a new key could not open what the old one locked.", code=1)
    identity = pyrage.x25519.Identity.generate()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(f"# created {datetime.date.today()}\n{identity}\n")
    os.chmod(key_file, 0o600)
    return (
        f"Your secret key is in {key_file} (never share it, never commit it).\n"
        f"Your public key, to give to whoever encrypts the register: {identity.to_public()}"
    )


def encrypt_register(reg, where: Path, to: str) -> str:
    plain = where.with_name(where.name[: -len(reg.ENCRYPTED_SUFFIX)]) if where.suffix == reg.ENCRYPTED_SUFFIX else where
    locked = plain.with_name(plain.name + reg.ENCRYPTED_SUFFIX)
    if not plain.exists():
        raise Exit(f"There is no plain register at {plain} to encrypt.", code=1)
    import pyrage

    # Everyone it was encrypted to before keeps their access; --to adds people.
    listed = reg.recipients_file(locked)
    recipients = listed.read_text().split() if listed.exists() else []
    recipients += [r.strip() for r in to.split(",") if r.strip()]
    recipients += [str(identity.to_public()) for identity in reg.identities()]
    recipients = sorted(set(recipients))
    if not recipients:
        raise Exit(
            "Give at least one public key with --to age1..., or make your own with " "`make storytellers ARGS=keygen`.",
            code=2,
        )
    for recipient in recipients:
        try:
            pyrage.x25519.Recipient.from_str(recipient)
        except pyrage.RecipientError:
            raise Exit(
                f"`{recipient}` is not an age public key (they start with age1): nothing was changed.", code=2
            ) from None
    listed.write_text("\n".join(recipients) + "\n")
    original = plain.read_text(encoding="utf-8")
    reg.write_text(locked, original)
    try:
        opens_here = reg.read_text(locked) == original
    except reg.RegisterLocked:
        opens_here = False
    if not opens_here:
        return (
            f"Encrypted to {len(recipients)} key(s): {locked}. This machine has no key that opens it, so the "
            f"plain register {plain} was kept: delete it yourself once someone listed in {listed.name} has "
            "opened the encrypted copy."
        )
    plain.unlink()
    return (
        f"Encrypted to {len(recipients)} key(s): {locked}. The plain register was removed.\n"
        "Share the .age file through your union's private drive, not through Git."
    )


def decrypt_register(reg, where: Path) -> str:
    if where.suffix != reg.ENCRYPTED_SUFFIX:
        raise Exit(f"{where} is not encrypted.", code=1)
    plain = where.with_name(where.name[: -len(reg.ENCRYPTED_SUFFIX)])
    if plain.exists():
        raise Exit(f"{plain} already exists: nothing was written.", code=1)
    reg.write_text(plain, reg.read_text(where))
    return f"Decrypted to {plain}. Encrypt it again with `invoke storytellers encrypt` when you are done."


@task
def install_hooks(c):
    """Install a Git pre-commit hook that refuses a commit naming an anonymous storyteller."""
    from tools.storytellers import RegisterError, install_hook

    try:
        for hook in install_hook(ROOT, PYTHON, ROOT):
            say(f"Installed {hook}")
    except (RegisterError, subprocess.CalledProcessError) as error:
        raise Exit(f"Nothing was installed: {error}", code=1) from None


@task(
    help={
        "staged": "check what is staged for the next commit (the pre-commit hook does)",
        "message": "check a commit message file (the commit-msg hook does)",
        "content": "content folder (default: content)",
    }
)
def check_names(c, staged=False, message="", content=str(CONTENT)):
    """Look for anonymous storytellers' names in every file Git keeps."""
    from campaign.problems import summary_line
    from campaign.validation import load_and_check

    from tools.storytellers import names_in_git, names_in_message

    campaign = load_and_check(read_settings(DEV_SETTINGS, Path(content)), require_register=True)
    # The register's own errors (missing, locked, broken): without it, no name can be checked.
    register = campaign.register
    unusable = [p for p in campaign.problems.errors if register is not None and p.path == register.display]
    if message:
        problems = names_in_message(campaign, Path(message).read_text(encoding="utf-8", errors="replace"))
    else:
        problems = names_in_git(campaign, staged=staged)
    problems.extend(unusable)
    for problem in problems.in_order():
        say(str(problem))
    if problems.errors:
        say(
            summary_line(len(set(problems.errors)), 0) + ": nothing was committed. "
            "(`git commit --no-verify` skips this check: only if you are sure.)"
        )
        raise Exit(code=1)


# --- build and preview ----------------------------------------------------


@task(help={"content": "content folder", "output": "output folder"})
def build(c, content=str(CONTENT), output=str(OUTPUT)):
    """Build the site for preview into output/."""
    say(f"Building {content} into {output} ...")
    c.run(shlex.join(pelican_command(content, output, DEV_SETTINGS, "--delete-output-directory")), pty=False)


@task(help={"port": "port for the site (default 8000)", "content": "content folder", "output": "output folder"})
def serve(c, port=PORT, content=str(CONTENT), output=str(OUTPUT)):
    """Build, then serve the site on http://127.0.0.1:8000 (Ctrl+C stops)."""
    refuse_busy_port(int(port), "serve")
    build(c, content=content, output=output)
    say(f"Serving the site on http://{HOST}:{port}/ (press Ctrl+C to stop)")
    c.run(
        shlex.join(
            [
                PYTHON,
                "-m",
                "pelican",
                "-s",
                str(DEV_SETTINGS),
                "-o",
                str(output),
                "--listen",
                "--bind",
                HOST,
                "--port",
                str(port),
            ]
        ),
        pty=False,
    )


def refuse_busy_port(port: int, command: str):
    """Another program (often an earlier `make serve`) already answers on the
    port: say so and stop, rather than print "Serving" and exit."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            raise Exit(
                f"Port {port} is already in use on {HOST}, perhaps by another preview: stop it, "
                f"or pick another port: make {command} ARGS='--port {port + 1}'",
                code=1,
            ) from None


def build_into_fresh_folder(content: Path, output: Path, settings: Path, extra=()) -> Path | None:
    """Build into a new folder beside `output`; None (and the log shown) on failure."""
    from tools.publishing import fresh_folder

    fresh = fresh_folder(output)
    result = subprocess.run(pelican_command(content, fresh, settings, *extra), cwd=ROOT)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        return None
    return fresh


@task(help={"port": "port for the site (default 8000)", "content": "content folder", "output": "output folder"})
def livereload(c, port=PORT, content=str(CONTENT), output=str(OUTPUT)):
    """Serve the site and keep it up to date as you save: an edited story's
    page is rewritten first, then its listings, and the open browser page
    refreshes. A change with errors is shown here and at the top of the page;
    the last good pages stay served (tools/preview.py)."""
    from tools.preview import run

    refuse_busy_port(int(port), "livereload")
    run(Path(content), Path(output), DEV_SETTINGS, HOST, int(port), ROOT, say=say)


# --- publish --------------------------------------------------------------


@task(
    help={
        "target": "where to deploy after building: none (default), rsync or github",
        "dry_run": "show what would change, change nothing",
        "output": "output folder (default: output/)",
        "content": "content folder",
        "settings": "settings file (default: publishconf.py)",
    }
)
def publish(c, target="none", dry_run=False, output=str(OUTPUT), content=str(CONTENT), settings=str(PUBLISH_SETTINGS)):
    """Build for the web into a fresh folder; only if it and the check pass,
    replace the output folder in one step, then deploy to the target."""
    from tools.publishing import UnsafeOutputFolder, check_output_folder, deploy

    output_path, content_path = Path(output).resolve(), Path(content).resolve()
    try:
        check_output_folder(output_path, content_path, ROOT)
    except UnsafeOutputFolder as error:
        raise Exit(f"Refusing to publish: {error}", code=2) from None

    loaded = read_settings(Path(settings), content_path, output_path)
    say("1/3 Checking the content ...")
    check(c, content=str(content_path), settings=settings)
    say("2/3 Building the site into a fresh folder ...")
    fresh = build_into_fresh_folder(content_path, output_path, Path(settings))
    if fresh is None:
        raise Exit("The build failed: the published output folder was not touched.", code=1)
    if dry_run:
        say(f"Dry run: the new site is in {fresh}; {output_path} was not changed.")
        try:
            deploy(target, fresh, loaded, dry_run=True, say=say)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        return
    say(f"3/3 Replacing {output_path} ...")
    from tools.publishing import swap_in

    swap_in(fresh, output_path)
    deployed = deploy(target, output_path, loaded, dry_run=False, say=say)
    if deployed:
        say(f"Published: built into {output_path} and deployed {deployed}.")
    else:
        say(
            f"Built into {output_path}; not deployed. To put it online, add a target: "
            "make publish ARGS='--target rsync' or ARGS='--target github'."
        )


# --- tests and benchmark --------------------------------------------------


@task(help={"args": "extra arguments for pytest, e.g. -k feeds"})
def test(c, args=""):
    """Run the whole test suite."""
    c.run(f"{shlex.quote(PYTHON)} -m pytest {args}", pty=False)


@task(
    help={
        "stories": "story counts, comma-separated: 1000,5000 (default 1000)",
        "repeat": "interleaved rounds of every build (medians and ranges are reported)",
        "edits": "saves timed in each preview server (0: no preview latency)",
        "gate": "also measure what the privacy gate costs a cold build",
        "profile": "profile one full build with pyinstrument",
        "against": "a git revision: compare cold and warm builds of this checkout with it (5+ alternating runs)",
        "features": "measure what share cards and search add to a cold build and a warm rebuild (feature_cost.py)",
    }
)
def bench(c, stories="1000", repeat=5, edits=5, gate=False, profile=False, against="", features=False):
    """Measure the build like for like: cold with cold and warm with warm,
    against plain Pelican, Eleventy and Hugo (installed first when missing),
    and preview latency; or (`--against REV`) whether this checkout builds
    slower than revision REV; or (`--features`) what share cards and search
    add to a build."""
    counts = [int(x) for x in str(stories).split(",")]
    if features:
        script = ROOT / "benchmarks" / "feature_cost.py"
        for count in counts:
            c.run(shlex.join([PYTHON, str(script), "--n", str(count), "--repeat", str(repeat), "--write"]), pty=False)
        return
    if against:
        script = ROOT / "benchmarks" / "against.py"
        c.run(
            shlex.join(
                [PYTHON, str(script), against, "--n", ",".join(map(str, counts)), "--repeat", str(max(repeat, 5))]
            ),
            pty=False,
        )
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if profile:
        from generate import generate

        work = ROOT / "benchmarks" / "work" / str(counts[-1])
        full, _ = generate(work, counts[-1])
        c.run(
            shlex.join(
                [
                    PYTHON,
                    "-m",
                    "pyinstrument",
                    "-o",
                    str(work / "profile.txt"),
                    "-m",
                    "pelican",
                    str(full),
                    "-s",
                    str(ROOT / "benchmarks" / "benchconf.py"),
                    "-o",
                    str(work / "out-profile"),
                    "-q",
                ]
            ),
            pty=False,
            env={"CAMPAIGN_REGISTER": str(work / "private" / "storytellers.yml")},
        )
        say(f"Profile written to {work / 'profile.txt'}")
        return
    from bench import install_peers

    install_peers(say)  # a peer it cannot install is skipped by the benchmark, with the reason
    command = [PYTHON, str(ROOT / "benchmarks" / "bench.py"), "--n", ",".join(map(str, counts))]
    command += ["--repeat", str(repeat), "--edits", str(edits)] + (["--gate"] if gate else [])
    c.run(shlex.join(command), pty=False)


@task(help={"add": "a language to start a catalog for, e.g. es"})
def translations(c, add=""):
    """Extract every marked word (babel.cfg) and update each language's catalog."""
    from tools import translations as catalogs

    for path in catalogs.update(ROOT, [lang for lang in add.split(",") if lang]):
        say(f"updated {path.relative_to(ROOT)}")


# --- screenshots ------------------------------------------------------------


@task(
    help={
        "content": "content folder (default: content)",
        "page": "the page to picture, e.g. testimonies/my-story/ (default: the newest worker story with an open petition)",
        "out": "folder for the pictures (default: docs/screenshots)",
    }
)
def screenshots(c, content=str(CONTENT), page="", out=str(SCREENSHOTS)):
    """Refresh the README's pictures of a story, on a phone and on a desktop
    (small PNGs, taken in Debian's Chromium)."""
    from campaign.settings import campaign_settings, story_types

    from tools.screenshots import CHROMIUM, story_to_picture, take

    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        raise Exit(
            f"Chromium not found at {CHROMIUM}: install Debian's package with `apt-get install chromium`", code=1
        )
    with tempfile.TemporaryDirectory(prefix="screenshots-") as work:
        site = Path(work) / "site"
        result = subprocess.run(pelican_command(content, site, DEV_SETTINGS), cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise Exit("The site did not build, so there is nothing to picture.", code=1)
        if not page:
            options = campaign_settings(read_settings(DEV_SETTINGS))
            types = story_types(options)
            if not types:
                raise Exit("No content type holds worker stories: name a page with --page.", code=2)
            try:
                page = story_to_picture(site, options["type_index_url"].format(type=types[0]))
            except (LookupError, OSError) as error:
                raise Exit(f"No story to picture ({error}): name a page with --page.", code=2) from None
        try:
            written = take(site, page.lstrip("/"), Path(out), "testimony")
        except LookupError as error:
            raise Exit(str(error), code=2) from None
    for path in written:
        say(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({path.stat().st_size // 1024} KB): {page}"
        )
