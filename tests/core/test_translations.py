"""The interface speaks French first: the catalogue is complete, faithful to its
placeholders, up to date with the code, and the pages really come out in French."""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

PACKAGE_DIR = Path(settings.LOCALE_PATHS[0]).parent
LOCALE_DIR = PACKAGE_DIR / "locale"
FR_PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
LOGIN = "/account/login/"

# Extensions scanned by the project's makemessages command.
EXTENSIONS = ["html", "txt", "py"]


# --- A small reader of .po files --------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[i] for i in sorted(self.msgstr)]

    def __str__(self) -> str:
        where = self.references[0] if self.references else f"line {self.line}"
        ctxt = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{ctxt}{self.msgid!r} ({where})"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header included (msgid "")."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry is not None and (entry.msgstr or entry.msgid or entry.msgctxt):
            entries.append(entry)
        entry, target = None, None

    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if entry is not None and target is not None and target[0] == "msgstr":
                finish()  # a comment after a complete entry starts the next one
            if entry is None:
                entry = Entry(line=n)
            if line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.groups()
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                finish()
            if entry is None:
                entry = Entry(line=n)
            entry.obsolete = entry.obsolete or obsolete
            text = _unquote(value)
            if keyword == "msgctxt":
                entry.msgctxt, target = text, ("msgctxt", 0)
            elif keyword == "msgid":
                entry.msgid, target = text, ("msgid", 0)
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = text, ("msgid_plural", 0)
            else:
                i = int(index or 0)
                entry.msgstr[i], target = text, ("msgstr", i)
        elif line.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{n}: stray string"
            text = _unquote(line)
            kind, i = target
            if kind == "msgstr":
                entry.msgstr[i] += text
            elif kind == "msgid":
                entry.msgid += text
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + text
            else:
                entry.msgctxt = (entry.msgctxt or "") + text
        else:
            raise AssertionError(f"{path}:{n}: cannot read {raw!r}")
    finish()
    return entries


def messages(path: Path) -> list[Entry]:
    return [e for e in read_po(path) if not e.is_header and not e.obsolete]


def header(path: Path) -> dict[str, str]:
    head = next(e for e in read_po(path) if e.is_header)
    fields = dict(line.split(":", 1) for line in head.msgstr.get(0, "").splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in fields.items()} | {"#flags": ",".join(head.flags)}


def test_the_reader_understands_the_po_syntax(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        "#: a.py:1\n#, python-format\n"
        'msgid ""\n"Hello %(name)s,\\n"\n"bye"\nmsgstr "Bonjour %(name)s,\\nau revoir"\n'
        '#, fuzzy\nmsgctxt "month"\nmsgid "May"\nmsgstr ""\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] ""\n\n'
        '#~ msgid "gone"\n#~ msgstr "parti"\n',
        encoding="utf-8",
    )
    entries = read_po(po)
    assert [e.msgid for e in entries] == ["", "Hello %(name)s,\nbye", "May", "one", "gone"]
    hello, may, one, gone = entries[1:]
    assert hello.msgstr == {0: "Bonjour %(name)s,\nau revoir"}
    assert hello.flags == {"python-format"} and hello.references == ["a.py:1"]
    assert may.msgctxt == "month" and "fuzzy" in may.flags
    assert one.msgid_plural == "many" and one.translations == ["un", ""]
    assert gone.obsolete
    assert header(po)["Language"] == "fr"


# --- (a) every message translated, nothing fuzzy ----------------------------------------


def test_the_catalogues_exist():
    assert FR_PO.is_file(), f"{FR_PO} is missing: run makemessages -l fr (see the brief)"
    assert EN_PO.is_file(), f"{EN_PO} is missing: run makemessages -l en"


def test_the_french_header_is_complete_and_not_fuzzy():
    h = header(FR_PO)
    assert "fuzzy" not in h["#flags"], "the header is fuzzy: msgfmt would drop it"
    assert h["Language"] == "fr"
    assert "charset=UTF-8" in h["Content-Type"]
    assert h["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n>1);"


def test_every_french_message_is_translated_and_none_is_fuzzy():
    entries = messages(FR_PO)
    assert len(entries) > 100, "the French catalogue looks empty"
    untranslated = [str(e) for e in entries if not all(t.strip() for t in e.translations)]
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    problems = [f"untranslated: {m}" for m in untranslated] + [f"fuzzy: {m}" for m in fuzzy]
    assert not problems, f"{len(problems)} French message(s) to fix:\n" + "\n".join(problems)


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext tools not installed")
def test_gettext_agrees_nothing_is_untranslated_or_fuzzy():
    for option in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(
            ["msgattrib", option, "--no-wrap", str(FR_PO)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found = re.findall(r'^msgid "(.+)"$', out, flags=re.M)
        assert not found, f"msgattrib {option}:\n" + "\n".join(found)


# --- (b) placeholders kept --------------------------------------------------------------

# %(name)s, %s, %d, %%; a template variable left as {{ name }}; a str.format field {name}.
PYTHON_FORMAT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*\d*(?:\.\d+)?(?P<conv>[a-zA-Z%])")
TEMPLATE_VAR = re.compile(r"\{\{\s*[\w.|:\"']+\s*\}\}")
BRACE_FIELD = re.compile(r"(?<!\{)\{[\w.]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text: str, *, python_format: bool, brace_format: bool) -> list[str]:
    found: list[str] = []
    if python_format or re.search(r"%\(\w+\)[sdif]", text):
        found += [m.group(0) for m in PYTHON_FORMAT.finditer(text) if m.group("conv") != "%"]
    found += [re.sub(r"\s+", "", m) for m in TEMPLATE_VAR.findall(text)]
    if brace_format:
        found += BRACE_FIELD.findall(text)
    return sorted(found)


def test_every_placeholder_of_a_message_is_kept_in_its_translation():
    problems = []
    for e in messages(FR_PO):
        py = "python-format" in e.flags
        brace = "python-brace-format" in e.flags
        for i, translated in enumerate(e.translations):
            if not translated:
                continue  # reported by the test above
            source = e.msgid if i == 0 or e.msgid_plural is None else e.msgid_plural
            expected = placeholders(source, python_format=py, brace_format=brace)
            got = placeholders(translated, python_format=py, brace_format=brace)
            missing = sorted(set(expected) - set(got))
            # An extra one is a KeyError, a TypeError, or a "% d" read as a conversion.
            extra = sorted(set(got) - set(expected))
            if missing or extra:
                problems.append(f"{e}: missing {missing}, unknown {extra} in {translated!r}")
            if py:
                # A lone % in a python-format translation breaks the % operator.
                stripped = PYTHON_FORMAT.sub("", translated)
                if "%" in stripped:
                    problems.append(f"{e}: stray % in {translated!r} (write %%)")
    assert not problems, "placeholders to fix:\n" + "\n".join(problems)


def test_no_translation_holds_a_straight_double_quote():
    """{% translate 'literal' %} is not escaped: a " would end an HTML attribute
    (aria-label="{% translate '…' %}"). French uses « guillemets » anyway."""
    bad = [
        f"{e}: {t!r}"
        for e in messages(FR_PO)
        for t in e.translations
        if t.count('"') > e.msgid.count('"')  # quotes of markup kept from the msgid are fine
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext tools not installed")
@pytest.mark.parametrize("po", [FR_PO, EN_PO], ids=["fr", "en"])
def test_msgfmt_accepts_the_catalogue(po, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    if po == FR_PO:
        assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext tools not installed")
@pytest.mark.parametrize("po", [FR_PO, EN_PO], ids=["fr", "en"])
def test_the_compiled_catalogue_matches_the_po(po, tmp_path):
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: run `make messages` (compilemessages)"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    assert mo.read_bytes() == fresh.read_bytes(), (
        f"{mo} is older than {po.name}: run `make messages` (compilemessages)"
    )


# --- (c) the catalogue holds every message of the code, and nothing else ----------------


@pytest.fixture(scope="module")
def code_messages(tmp_path_factory) -> dict[tuple, Entry]:
    """The messages makemessages finds in a copy of the package, without touching its locale."""
    if shutil.which("xgettext") is None:
        pytest.skip("gettext tools not installed: see test_templates_strings_are_in_the_catalogue")
    root = tmp_path_factory.mktemp("makemessages")
    copy = root / "pilotage"
    shutil.copytree(
        PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc")
    )
    (copy / "locale").mkdir()
    started = time.monotonic()
    with pytest.MonkeyPatch.context() as mp, override_settings(LOCALE_PATHS=[copy / "locale"]):
        mp.chdir(copy)
        call_command(
            "makemessages",
            locale=["fr"],
            extensions=EXTENSIONS,
            no_obsolete=True,
            verbosity=0,
            stdout=io.StringIO(),
        )
    assert time.monotonic() - started < 20, "makemessages got slow: switch to the regex scan"
    return {e.key: e for e in messages(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")}


@pytest.mark.parametrize("po", [FR_PO, EN_PO], ids=["fr", "en"])
def test_every_message_of_the_code_is_in_the_catalogue(po, code_messages):
    known = {e.key for e in messages(po)}
    missing = [str(e) for key, e in code_messages.items() if key not in known]
    assert not missing, (
        f"{len(missing)} message(s) of the code missing from {po.relative_to(PACKAGE_DIR)}; "
        "run `pilotage makemessages -l fr -l en --no-obsolete -e html,txt,py` from pilotage/ "
        "and translate them:\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("po", [FR_PO, EN_PO], ids=["fr", "en"])
def test_the_catalogue_holds_no_message_the_code_no_longer_uses(po, code_messages):
    stale = [str(e) for e in messages(po) if e.key not in code_messages]
    assert not stale, f"stale message(s) in {po.name}, rerun makemessages:\n" + "\n".join(stale)


TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)(?:\s+(?:context\s+(?P<cq>["'])(?P<ctx>.*?)(?P=cq)|noop|as\s+\w+))*\s*%\}"""
)


def test_templates_strings_are_in_the_catalogue():
    """A cheap second look that needs no gettext tool: every {% translate "…" %}."""
    known = {(e.msgctxt, e.msgid) for e in messages(FR_PO)}
    missing = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix.lstrip(".") not in ("html", "txt") or "static" in path.parts:
            continue
        for m in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            # makemessages doubles the % of template strings, as the translate tag expects.
            text = m.group("text").replace("%", "%%")
            if (m.group("ctx"), text) not in known:
                missing.append(f"{path.relative_to(PACKAGE_DIR)}: {text!r}")
    assert not missing, "template strings missing from the French catalogue:\n" + "\n".join(missing)


# Names xgettext extracts when makemessages runs: its own Python keywords and Django's.
XGETTEXT_KEYWORDS = {
    "_", "gettext", "ngettext", "dgettext", "dngettext", "pgettext", "npgettext",
    "gettext_noop", "gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy",
}  # fmt: skip
TRANSLATION_FUNCTIONS = {
    "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy",
    "ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy",
}  # fmt: skip


def strings_marked_with_unknown_aliases() -> list[tuple[str, str | None, str]]:
    """(where, context, msgid) of calls such as ``_lazy("Rows")`` after
    ``from django.utils.translation import gettext_lazy as _lazy``: makemessages does not
    know the alias, so the string never reaches the catalogue."""
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {
            a.asname: a.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for a in node.names
            if a.name in TRANSLATION_FUNCTIONS and a.asname and a.asname not in XGETTEXT_KEYWORDS
        }
        if not aliases:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            function = aliases.get(node.func.id)
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if function is None or not args:
                continue
            ctx, msgid = (
                (args[0], args[1]) if function.lstrip("n").startswith("p") else (None, args[0])
            )
            if isinstance(msgid, str):
                found.append((f"{path.relative_to(PACKAGE_DIR)}:{node.lineno}", ctx, msgid))
    return found


def test_strings_marked_with_an_alias_unknown_to_makemessages_are_in_the_catalogue():
    known = {(e.msgctxt, e.msgid) for e in messages(FR_PO)}
    missing = [
        f"{where}: {msgid!r}"
        for where, ctx, msgid in strings_marked_with_unknown_aliases()
        if (ctx, msgid) not in known
    ]
    assert not missing, "never extracted by makemessages:\n" + "\n".join(missing)


# --- The pages speak French first ------------------------------------------------------


@pytest.mark.django_db
def test_the_login_page_is_in_french_even_for_an_english_browser():
    response = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert "Se connecter" in html
    assert "Adresse e-mail" in html
    assert "Mot de passe oublié ?" in html
    assert "Sign in" not in html and "Forgotten password?" not in html


@pytest.mark.django_db
def test_choosing_english_is_remembered_in_a_cookie():
    c = Client()
    response = c.post("/language/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert c.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = c.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html and "Forgotten password?" in html
    assert "Se connecter" not in html

    c.post("/language/", {"language": "fr", "next": LOGIN})
    assert "Se connecter" in c.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_an_unknown_language_is_ignored():
    c = Client()
    c.post("/language/", {"language": "de", "next": LOGIN})
    assert settings.LANGUAGE_COOKIE_NAME not in c.cookies
    assert "Se connecter" in c.get(LOGIN).content.decode()


def test_the_owner_home_page_uses_the_french_domain_words(world, client_for):
    html = client_for(world.alice).get("/o/acme/").content.decode()
    for french in (
        "Externalisations",
        "Préparer une externalisation",
        "Nouveau prestataire",
        "Prestataires",
        "Journal d'audit",
        "Dirigeant",
        "Référent",
        "Prochaine échéance",
        "ADV et recouvrement",
        "Exploitation",  # the stage "Run"
    ):
        assert french in html, french
    for english in ("Engagements in progress", "New engagement", "Audit trail", "Next due"):
        assert english not in html, english
