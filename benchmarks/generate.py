"""Synthetic campaigns for the benchmark: N testimonies with realistic bodies.

Deterministic (seeded), so every run builds the same stories.
"""

from __future__ import annotations

import datetime
import json
import random
import shutil
from pathlib import Path

WORDS = (
    "caseload students coordinator office county referral family night shift supervisor training "
    "mentor program semester campus scholarship housing deadline appointment paperwork hearing "
    "placement visit phone email report meeting weekend holiday overtime budget workload colleague "
    "worker union contract cap promise staff hire leave stay quit burnout week month year morning "
    "afternoon evening drive car parking file form signature court school class grade counselor "
    "advisor teacher parent child youth case plan safety check support help time list desk"
).split()
FIRST = ("Ana", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonah", "Kira", "Luis")
LAST = ("Abara", "Brennan", "Castillo", "Dimas", "Eastwood", "Fontaine", "Garza", "Holm", "Iqbal", "Jarrow")
ROLES = (
    "Program Coordinator",
    "Career Advancement Coordinator",
    "Social Worker II",
    "Emergency Response Social Worker",
)
# The generated campaign brings its own facts and petition, so the benchmark
# builds the same site whatever a union has put in content/.
FACTS_YML = """\
signature-caseload:
  featured: yes
  label: students each coordinator carries
  value: 65
  unit: students
  compare_to: caseload-cap
  source: Synthetic caseload survey
  as_of: 2026-09-15
caseload-cap:
  label: students per coordinator, the cap asked for
  short: the cap
  value: 45
  unit: students
  source: Synthetic bargaining proposal
  as_of: 2026-10-01
promised-caseload:
  label: students per coordinator promised at hiring
  short: the promised maximum
  value: 50
  unit: students
  source: Synthetic offer letters
  as_of: 2025-08-01
new-hire-attrition:
  label: new hires who left within a year, before mentoring
  value: 40
  unit: "%"
  source: Synthetic county figures
  as_of: 2025-06-30
mentored-attrition:
  featured: yes
  label: new hires who left within a year, with mentoring
  value: 6
  unit: "%"
  compare_to: new-hire-attrition
  source: Synthetic county figures
  as_of: 2026-06-30
"""
FACT_IDS = ("signature-caseload", "caseload-cap", "promised-caseload", "new-hire-attrition", "mentored-attrition")
CALLOUT = "[fact: signature-caseload]"
PETITION_ID = "caseload-cap"
PETITION_MD = """\
Title: Cap coordinator caseloads at 45 students
Url: https://sign.example.org/caseload-cap
Goal: 2500
Signatures: 1840
Deadline: 2099-03-31
Status: open
Summary: A written cap of 45 students for each coordinator.

Coordinators carry [fact: signature-caseload] each; we ask for [fact: caseload-cap].
"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def body(rng: random.Random) -> list[str]:
    """4-6 KB of paragraphs with one inline fact and one callout line."""
    target = rng.randint(4000, 6000)
    paragraphs, size = [], 0
    while size < target:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    paragraphs[1] = paragraphs[1] + f" We carry [fact: {rng.choice(FACT_IDS)}] on an ordinary day."
    paragraphs.insert(len(paragraphs) // 2, CALLOUT)
    return paragraphs


ANONYMOUS_EVERY = 10  # one story in ten is told anonymously, so the privacy gate has names to look for


def letters(number: int) -> str:
    """A word of its own for each number: 1 -> b, 26 -> bb..."""
    word = ""
    while True:
        number, rest = divmod(number, 26)
        word = chr(ord("a") + rest) + word
        if not number:
            return word


def testimony(index: int, rng: random.Random, start: datetime.date) -> str:
    date = start + datetime.timedelta(days=rng.randint(0, 5 * 365 - 1), minutes=index)
    tags = sorted({f"topic-{rng.randint(1, 100)}" for _ in range(3)})
    facts = rng.sample(FACT_IDS, 2)
    if index % ANONYMOUS_EVERY == 0:
        # The name lives in the register (see `generate`), found nowhere else
        # in the campaign, as a real teller's would be.
        author = [f"Storyteller: st-{index:05d}", "Anonymous: yes"]
    else:
        author = [f"Author: {rng.choice(FIRST)} {rng.choice(LAST)}"]
    header = [
        f"Title: Testimony number {index}: {sentence(rng)[:-1][:50]}",
        f"Id: generated-{index:05d}",
        f"Date: {date.isoformat()} {index % 24:02d}:{index % 60:02d}",
        *author,
        f"Role: {rng.choice(ROLES)}",
        "Workplace: Synthetic Program",
        f"Quote: {sentence(rng)}",
        f"Consent: {(date - datetime.timedelta(days=7)).isoformat()}",
        f"Category: Region {rng.randint(1, 20)}",
        f"Tags: {', '.join(tags)}",
        f"Facts: {', '.join(facts)}",
        f"Petition: {PETITION_ID}",
    ]
    return "\n".join(header) + "\n\n" + "\n\n".join(body(rng)) + "\n"


def plain_version(text: str) -> str:
    """The same Markdown with the callout lines (ours) removed."""
    return "\n".join(line for line in text.split("\n") if line.strip() != CALLOUT)


def generate(folder: Path, count: int, seed: int = 2210) -> tuple[Path, Path]:
    """Write `full/` (our campaign) and `plain/` (baseline) content folders."""
    rng = random.Random(seed)
    start = datetime.date(2021, 11, 1)
    full, plain = folder / "full", folder / "plain"
    for target in (full, plain):
        shutil.rmtree(target, ignore_errors=True)
        (target / "testimonies").mkdir(parents=True)
    (full / "facts.yml").write_text(FACTS_YML, encoding="utf-8")
    (full / "petitions").mkdir()
    (full / "petitions" / f"{PETITION_ID}.md").write_text(PETITION_MD, encoding="utf-8")
    (full / "pages").mkdir()
    register = []
    for index in range(1, count + 1):
        text = testimony(index, rng, start)
        (full / "testimonies" / f"testimony-{index:05d}.md").write_text(text, encoding="utf-8")
        (plain / "testimonies" / f"testimony-{index:05d}.md").write_text(plain_version(text), encoding="utf-8")
        if index % ANONYMOUS_EVERY == 0:
            consent = next(line for line in text.split("\n") if line.startswith("Consent: ")).split(": ", 1)[1]
            register.append(
                f"st-{index:05d}:\n  name: Zul{letters(index)} Vaxmoor{letters(index)}\n"
                f"  consent: {consent}\n  scope: [web, feed, print]\n"
            )
    # Beside the content folder, where a union's register lives by default.
    (folder / "private").mkdir(exist_ok=True)
    (folder / "private" / "storytellers.yml").write_text("\n".join(register), encoding="utf-8")
    return full, plain


PEERS = Path(__file__).resolve().parent / "peers"


def metadata(text: str) -> tuple[dict, str]:
    """A generated story's Pelican header fields and its plain body (the
    baseline's Markdown: no callout lines)."""
    header, _, rest = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.split("\n"))
    return fields, plain_version(rest)


def front_matter(fields: dict) -> str:
    # JSON strings are YAML strings, so a title with a colon needs no thought.
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key}: {json.dumps(value)}")
    return "\n".join(lines + ["---", ""])


def peer_story(fields: dict, peer: str) -> dict:
    """The fields a peer's templates read, from one story's header: the same
    title, date, byline, quote, region and tags."""
    date = datetime.datetime.strptime(fields["Date"], "%Y-%m-%d %H:%M").strftime("%Y-%m-%dT%H:%M:00")
    author = fields.get("Author")  # an anonymous teller has no name anywhere
    tags = [tag.strip() for tag in fields["Tags"].split(",")]
    common = {"title": fields["Title"], "date": date, "role": fields["Role"], "workplace": fields["Workplace"]}
    common["quote"] = fields["Quote"]
    if peer == "eleventy":
        return {**common, "author": author, "region": fields["Category"], "storyTags": tags}
    return {**common, "authors": [author] if author else None, "regions": [fields["Category"]], "tags": tags}


def generate_peers(folder: Path, full: Path) -> dict[str, Path]:
    """Eleventy's and Hugo's sites (benchmarks/peers/*/site/) with the stories
    of `full`, the campaign `generate` wrote: each peer's folder by name."""
    sites = {}
    for peer, stories in (("eleventy", "src/testimonies"), ("hugo", "content/testimonies")):
        site = folder / peer
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(PEERS / peer / "site", site)
        (site / stories).mkdir(parents=True, exist_ok=True)
        for source in sorted((full / "testimonies").glob("*.md")):
            fields, text = metadata(source.read_text(encoding="utf-8"))
            page = front_matter(peer_story(fields, peer))
            (site / stories / source.name).write_text(page + "\n" + text, encoding="utf-8")
        sites[peer] = site
    return sites
