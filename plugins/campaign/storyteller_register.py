"""The private storyteller register: who told each anonymous story.

An anonymous story names its teller by an id (`Storyteller: st-0142`); the
real name, the variants to guard (nicknames, maiden names), how to reach them
and what they agreed to live here, in a file kept out of Git:

    st-0142:
      name: Zephyrine Quillfeather-Okonjo
      also_known_as: [Zeph, Zephyrine Okonjo]
      contact: "Signal +1 555 0100, evenings"
      consent: 2026-09-30
      scope: [web, feed]
      expires: 2027-09-30
      consent_record: "Signed form, office safe, folder 2026-09"

A team that shares the register encrypts it with age (`storytellers.yml.age`,
see `invoke storytellers`); each member decrypts it with their own key, which
never enters the repository.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .consent import CONSENT_SCOPES, split_ids
from .dates import date_problem
from .problems import Problems
from .yamlmap import read_records

DEFAULT_PATH = "private/storytellers.yml"  # beside the content folder; private/ is git-ignored
ENCRYPTED_SUFFIX = ".age"
KEY_FILE = Path("~/.config/campaign/register-key.txt")  # the default age identity
ENTRY_KEYS = {"name", "also_known_as", "allow", "contact", "consent", "scope", "expires", "consent_record", "notes"}
REQUIRED_KEYS = ("name",)
STORYTELLER_ID = re.compile(r"^st-[a-z0-9]+(?:-[a-z0-9]+)*$")
# The first line of a register that only holds made-up people, such as the
# sample campaign's: the one register that may be kept in Git.
EXAMPLE_MARKER = "# example register:"


@dataclass(frozen=True)
class Entry:
    id: str
    line: int
    name: str
    also_known_as: tuple = ()
    allow: tuple = ()  # words of the name that may appear (ordinary words here)
    contact: str = ""
    consent: datetime.date | None = None
    scope: tuple = ()
    expires: datetime.date | None = None
    consent_record: str = ""

    def names(self) -> list[str]:
        return [self.name, *self.also_known_as]

    def consent_metadata(self) -> dict:
        """The consent keys a story gets from its teller's entry."""
        found = {}
        if self.consent:
            found["consent"] = self.consent.isoformat()
        if self.scope:
            found["consent-scope"] = ", ".join(self.scope)
        if self.expires:
            found["consent-expires"] = self.expires.isoformat()
        return found


@dataclass
class Register:
    path: Path
    display: str
    entries: dict = field(default_factory=dict)
    # "loaded", "missing" (no file), "locked" (encrypted and no key to open
    # it) or "unreadable" (not YAML: that error is already reported)
    state: str = "loaded"
    reason: str = ""
    example: bool = False

    @property
    def usable(self) -> bool:
        return self.state == "loaded"


def locate(options: dict, content_root: Path) -> Path:
    """CAMPAIGN_REGISTER, else the `register` setting, else the default; a
    relative path is read from the folder that holds the content folder."""
    configured = os.environ.get("CAMPAIGN_REGISTER") or options.get("register") or DEFAULT_PATH
    path = Path(configured).expanduser()
    if not path.is_absolute():
        path = content_root.parent / path
    if not path.exists() and path.suffix != ENCRYPTED_SUFFIX and path.with_name(path.name + ENCRYPTED_SUFFIX).exists():
        path = path.with_name(path.name + ENCRYPTED_SUFFIX)
    return path


def display_path(path: Path, content_root: Path) -> str:
    try:
        return path.relative_to(content_root.parent).as_posix()
    except ValueError:
        return str(path)


def load_register(path: Path, display: str, problems: Problems) -> Register:
    register = Register(path, display)
    if not path.exists():
        register.state, register.reason = "missing", f"there is no storyteller register at {display}"
        return register
    try:
        text = read_text(path)
    except RegisterLocked as error:
        register.state, register.reason = "locked", str(error)
        return register
    register.example = text.lstrip().lower().startswith(EXAMPLE_MARKER)
    records, broken = read_records(
        text,
        display,
        problems,
        file_label="the storyteller register",
        item="storyteller",
        known_keys=ENTRY_KEYS,
        required=REQUIRED_KEYS,
        private=True,
    )
    if broken is None:  # its own error says where; no entry can be trusted
        register.state, register.reason = "unreadable", f"the storyteller register {display} is not valid YAML"
        return register
    for record in records:
        entry = _entry(record, display, problems)
        if entry is not None:
            register.entries[entry.id] = entry
    return register


def _entry(record, display: str, problems: Problems) -> Entry | None:
    fields, lines = record.fields, record.lines
    if not STORYTELLER_ID.match(record.id):
        problems.error(
            display,
            record.line,
            f"`{record.id}` is not a storyteller id",
            "write ids as `st-` and letters or digits, such as st-0142",
        )
        return None
    values = {}
    for key in ("consent", "expires"):
        value = fields.get(key)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if value is not None and not isinstance(value, datetime.date):
            message, hint = date_problem(key, value)
            problems.error(display, lines[key], f"storyteller `{record.id}`: {message}", hint + ", without quotes")
            value = None
        values[key] = value
    scope = fields.get("scope") or ()
    if isinstance(scope, str):
        scope = [part.strip() for part in scope.split(",") if part.strip()]
    unknown = sorted(str(s) for s in scope if str(s).lower() not in CONSENT_SCOPES)
    if unknown:
        problems.error(
            display,
            lines["scope"],
            f"storyteller `{record.id}` has scope `{', '.join(unknown)}`",
            "use any of: web, feed, print",
        )
    return Entry(
        id=record.id,
        line=record.line,
        name=str(fields["name"]),
        also_known_as=tuple(str(v) for v in _as_list(fields.get("also_known_as"))),
        allow=tuple(str(v) for v in _as_list(fields.get("allow"))),
        contact=str(fields.get("contact") or ""),
        consent=values["consent"],
        scope=tuple(str(s).lower() for s in scope if str(s).lower() in CONSENT_SCOPES),
        expires=values["expires"],
        consent_record=str(fields.get("consent_record") or ""),
    )


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return split_ids(value)


# --- encryption ------------------------------------------------------------


class RegisterLocked(Exception):
    """The register is encrypted and this machine has no key that opens it."""


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ENCRYPTED_SUFFIX:
        data = decrypt(data)
    return data.decode("utf-8")


def identities() -> list:
    """The age identities this machine holds: CAMPAIGN_REGISTER_KEY (a key
    file) or the default key file; a passphrase is tried separately."""
    import pyrage

    key_file = Path(os.environ.get("CAMPAIGN_REGISTER_KEY") or KEY_FILE).expanduser()
    if not key_file.exists():
        return []
    found = []
    for line in key_file.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            found.append(pyrage.x25519.Identity.from_str(line))
    return found


def decrypt(data: bytes) -> bytes:
    import pyrage

    passphrase = os.environ.get("CAMPAIGN_REGISTER_PASSPHRASE")
    keys = identities()
    try:
        if keys:
            return pyrage.decrypt(data, keys)
        if passphrase:
            return pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError as error:
        raise RegisterLocked(
            f"the storyteller register cannot be decrypted with this machine's key ({error})"
        ) from None
    raise RegisterLocked(
        "the storyteller register is encrypted and this machine has no key for it "
        f"(set CAMPAIGN_REGISTER_KEY to your age key file, or put it at {KEY_FILE})"
    )


def encrypt(data: bytes, recipients: list[str]) -> bytes:
    import pyrage

    return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(r.strip()) for r in recipients if r.strip()])


def recipients_file(path: Path) -> Path:
    """Beside an encrypted register, the public keys it is encrypted to (not secret)."""
    base = path.name[: -len(ENCRYPTED_SUFFIX)] if path.suffix == ENCRYPTED_SUFFIX else path.name
    return path.with_name(base + ".recipients")


def write_text(path: Path, text: str):
    """Write the register back, encrypted to the same people if it was."""
    data = text.encode("utf-8")
    if path.suffix == ENCRYPTED_SUFFIX:
        keys = recipients_file(path)
        if not keys.exists():
            raise RegisterLocked(f"{keys} lists nobody to encrypt the register to")
        data = encrypt(data, keys.read_text(encoding="utf-8").splitlines())
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)  # never half-written
