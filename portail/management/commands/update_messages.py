"""Extract the translatable strings into one English catalogue per app.

Each local app owns `<app>/locale/en/LC_MESSAGES/django.po`; the project-wide
templates and the `portail` package use `locale/` at the top. With --check,
the extraction runs on a copy and the command fails when a catalogue misses
a string or leaves one untranslated.
"""

import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

SKIPPED = {
    ".venv",
    "var",
    "staticfiles",
    "node_modules",
    ".git",
    "static",
    "docs",
    "bench",
}


def local_app_dirs():
    base = Path(settings.BASE_DIR)
    dirs = []
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.parent == base and path.name != "portail":
            dirs.append(path)
    return sorted(set(dirs))


def catalogue_sources():
    """Yield (source folder, folders to ignore) for each catalogue."""
    base = Path(settings.BASE_DIR)
    app_dirs = local_app_dirs()
    for path in app_dirs:
        yield path, []
    yield base, [p.name for p in app_dirs]


@contextmanager
def working_directory(path):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def extract(source, ignored, locale="en"):
    (source / "locale").mkdir(exist_ok=True)
    with working_directory(source):
        call_command(
            "makemessages",
            locale=[locale],
            no_location=True,
            no_obsolete=True,
            ignore_patterns=[
                *[f"{name}/*" for name in [*ignored, *SKIPPED]],
                "tests/*",
                "*/tests/*",
            ],
            verbosity=0,
        )
    return source / "locale" / locale / "LC_MESSAGES" / "django.po"


def write_french_catalogue(source, ignored):
    """Write a French catalogue that copies each msgid, for French plurals.

    The strings are French already, but without a French catalogue gettext
    falls back to the English plural rule and writes "0 jours". GNU msgen
    copies each msgid (and msgid_plural) into its msgstr; the header then
    gets French plural forms, where 0 and 1 take the singular.
    """
    # Start afresh: merging into the previous file would keep fuzzy guesses
    # ("absence signalée" -> "Absence signalée") that msgen does not replace.
    previous = source / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    previous.unlink(missing_ok=True)
    path = extract(source, ignored, locale="fr")
    subprocess.run(["msgen", "-o", str(path), str(path)], check=True)
    text = re.sub(
        r'"Plural-Forms: [^"]*"',
        r'"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
        path.read_text(encoding="utf-8"),
    )
    path.write_text(text.replace("#, fuzzy\n", "", 1), encoding="utf-8")


def read_catalogue(path):
    """Return {msgid: msgstr} from a .po file, plural forms joined."""
    import re

    entries = {}
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries[_field(block, "msgid")] = ""
            continue
        msgid = _field(block, "msgid")
        if not msgid:
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        values = [_join(s) for s in strings]
        entries[msgid] = "" if not values or not all(values) else values[0]
    return entries


def _field(block, name):
    import re

    match = re.search(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.M)
    return _join(match.group(1)) if match else ""


def _join(quoted):
    import re

    return "".join(re.findall(r'"(.*)"', quoted))


class Command(BaseCommand):
    help = "Update (or with --check, verify) the English catalogues."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check=False, **options):
        problems = []
        for source, ignored in catalogue_sources():
            committed = source / "locale" / "en" / "LC_MESSAGES" / "django.po"
            if not check:
                extract(source, ignored)
                write_french_catalogue(source, ignored)
                continue
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / source.name
                shutil.copytree(
                    source,
                    copy,
                    ignore=shutil.ignore_patterns(*SKIPPED, "__pycache__", "*.mo"),
                )
                fresh = read_catalogue(extract(copy, ignored))
            known = read_catalogue(committed)
            for msgid in sorted(set(fresh) - set(known)):
                problems.append(f"{committed}: missing {msgid!r}")
            french = committed.parents[2] / "fr" / "LC_MESSAGES" / "django.po"
            for msgid in sorted(set(fresh) - set(read_catalogue(french))):
                problems.append(f"{french}: missing {msgid!r}")
            for msgid in sorted(fresh):
                if msgid in known and not known[msgid]:
                    problems.append(f"{committed}: untranslated {msgid!r}")
        if not check:
            call_command("compilemessages", locale=["en", "fr"], verbosity=0)
            return
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("English catalogues complete.")
