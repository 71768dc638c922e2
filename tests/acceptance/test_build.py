"""`evcat build` end to end: the example catalog with the repository's mkdocs.yml, and the two EventCatalog
conformance catalogs with the embedded default configuration.

The example site is built once per session (``built_site_run`` in tests/conftest.py) and shared with the
browser tests. What is checked here is the built HTML: pages exist per message version, downloads sit beside
their pages, internal links resolve, nothing loads from another host, and catalog defects are shown on the
pages instead of failing the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from lxml import html

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "catalog"
CONFORMANCE = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "eventcatalog"
INVENTORY_ADJUSTED = CATALOG / "domains/Inventory/services/InventoryService/events/InventoryAdjusted"


# --- helpers ------------------------------------------------------------------------------------------------


def parse(path: Path) -> html.HtmlElement:
    return html.parse(str(path)).getroot()


def article(page: html.HtmlElement) -> html.HtmlElement:
    found = page.xpath("//article")
    assert found, "page has no <article> (not a Material content page)"
    return found[0]


def h1_text(path: Path) -> str:
    heads = article(parse(path)).xpath(".//h1")
    assert heads, f"{path} has no <h1>"
    return " ".join(heads[0].text_content().replace("¶", "").split())


def admonitions(page: html.HtmlElement, kind: str) -> list[tuple[str, str]]:
    """(title, full text) of every ``!!! kind`` admonition on the page."""
    found = []
    for box in page.xpath(f"//div[contains(concat(' ', normalize-space(@class), ' '), ' admonition ') "
                          f"and contains(concat(' ', normalize-space(@class), ' '), ' {kind} ')]"):
        title = box.xpath("./p[contains(@class, 'admonition-title')]")
        found.append((title[0].text_content().strip() if title else "", box.text_content()))
    return found


def frontmatter(index: Path) -> dict:
    text = index.read_text(encoding="utf-8")
    match = re.match(r"---\r?\n(.*?)\r?\n---", text, re.S)
    assert match, f"{index} has no frontmatter"
    return yaml.safe_load(match.group(1)) or {}


# Off-site detection. The site is built without site_url, so no page should carry an absolute URL for its
# own files: anything with a host (http://h, https://h, //h) or another fetching scheme is off-site.
LOCAL_SCHEMES = {"", "data", "blob", "about"}
NON_FETCHING_SCHEMES = {"mailto", "tel", "javascript"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I)
# `@import url(...)` is already a url(); this catches the bare string form `@import "..."`.
CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""", re.I)
# Elements and attributes whose URL the browser fetches while loading the page.
FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "input": ("src",), "image": ("href", "{http://www.w3.org/1999/xlink}href"),
    "use": ("href", "{http://www.w3.org/1999/xlink}href"), "link": ("href",),
}
NOT_FETCHED_LINK_RELS = {"canonical", "alternate", "author", "license", "help", "search", "next", "prev"}


def off_site(url: str) -> bool:
    url = url.strip()
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme.lower() in NON_FETCHING_SCHEMES:
        return False
    return bool(parts.netloc) or parts.scheme.lower() not in LOCAL_SCHEMES


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def css_references(text: str) -> Iterator[str]:
    for match in CSS_URL.finditer(text):
        yield match.group(2)
    for match in CSS_IMPORT.finditer(text):
        yield match.group(2)


def fetched_references(page: html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(where, url) for every URL the page makes the browser fetch: resource attributes, inline styles,
    <style> blocks."""
    for element in page.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag.rsplit("}", 1)[-1].lower()
        if local == "link":
            rels = set((element.get("rel") or "").lower().split())
            if rels and rels <= NOT_FETCHED_LINK_RELS:
                continue
        for attribute in FETCHED.get(local, ()):
            value = element.get(attribute)
            if value:
                urls = srcset_urls(value) if attribute == "srcset" else [value]
                for url in urls:
                    yield f"<{local} {attribute.rsplit('}', 1)[-1]}>", url
        style = element.get("style") if tag else None
        if style:
            for url in css_references(style):
                yield f"<{local} style>", url
        if local == "style" and element.text:
            for url in css_references(element.text):
                yield "<style>", url


def anchors(page: html.HtmlElement) -> Iterator[str]:
    for element in page.iter("a"):
        if element.get("href"):
            yield element.get("href")


def offline_violations(site: Path) -> tuple[list[str], list[str], dict[str, int]]:
    """(off-site fetches, off-site anchor links, counts of what was scanned) for a built site."""
    fetches: list[str] = []
    links: list[str] = []
    scanned = {"html": 0, "css": 0, "references": 0}
    for page_path in sorted(site.rglob("*.html")):
        scanned["html"] += 1
        page = parse(page_path)
        relative = page_path.relative_to(site).as_posix()
        for where, url in fetched_references(page):
            scanned["references"] += 1
            if off_site(url):
                fetches.append(f"{relative}: {where} {url}")
        links += [f"{relative}: {href}" for href in anchors(page) if off_site(href)]
    for css in sorted(site.rglob("*.css")):
        scanned["css"] += 1
        relative = css.relative_to(site).as_posix()
        for url in css_references(css.read_text(encoding="utf-8", errors="replace")):
            scanned["references"] += 1
            if off_site(url):
                fetches.append(f"{relative}: css {url}")
    return fetches, links, scanned


def message_ids(catalog: Path) -> set[tuple[str, str]]:
    """(plural, id) of every message in a catalog, read from the frontmatter of its index files."""
    found = set()
    for plural in ("events", "commands", "queries"):
        for index in catalog.rglob(f"{plural}/*/index.mdx"):
            if "versioned" in index.relative_to(catalog).parts:
                continue
            found.add((plural, str(frontmatter(index)["id"])))
    return found


def internal_links(page_path: Path, site: Path) -> Iterable[tuple[str, Path]]:
    for href in anchors(parse(page_path)):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = (page_path.parent / unquote(parts.path)).resolve()
        if target.is_dir() or parts.path.endswith("/"):
            target = target / "index.html"
        yield href, target


# --- the off-site scanner itself ----------------------------------------------------------------------------


def test_offline_scanner_finds_every_kind_of_off_site_reference(tmp_path: Path) -> None:
    """The zero-findings assertions below mean something only if the scanner does find offenders."""
    (tmp_path / "index.html").write_text("""<!doctype html><html><head>
      <link rel="stylesheet" href="https://cdn.example/x.css">
      <link rel="canonical" href="https://catalog.example/">
      <link rel="icon" href="assets/favicon.png">
      <script src="//unpkg.com/mermaid.js"></script>
      <script src="assets/local.js"></script>
      <style>@import "https://fonts.example/f.css"; .a { background: url(data:image/png;base64,AA) }</style>
      </head><body>
      <img src="http://img.example/a.png" srcset="b.png 1x, https://img.example/b2.png 2x">
      <div style="background-image: url('https://img.example/bg.png')"></div>
      <svg><image href="https://img.example/s.svg"/></svg>
      <a href="https://github.com/acme">repo</a> <a href="mailto:a@example.com">mail</a>
      <a href="../other/">local</a>
      </body></html>""", encoding="utf-8")
    (tmp_path / "x.css").write_text(
        '@import url("https://fonts.example/g.css"); .b { background: url(../img/ok.png) }\n'
        ".c { background: url(https://img.example/c.png) }", encoding="utf-8")
    fetches, links, scanned = offline_violations(tmp_path)
    assert sorted(fetches) == sorted([
        "index.html: <link href> https://cdn.example/x.css",
        "index.html: <script src> //unpkg.com/mermaid.js",
        "index.html: <img src> http://img.example/a.png",
        "index.html: <img srcset> https://img.example/b2.png",
        "index.html: <div style> https://img.example/bg.png",
        "index.html: <image href> https://img.example/s.svg",
        "index.html: <style> https://fonts.example/f.css",
        "x.css: css https://fonts.example/g.css",
        "x.css: css https://img.example/c.png",
    ])
    assert links == ["index.html: https://github.com/acme"]
    assert scanned["html"] == 1 and scanned["css"] == 1


# --- the example catalog ------------------------------------------------------------------------------------


def test_build_exits_zero(built_site_run) -> None:
    assert built_site_run.exit_code == 0, built_site_run.output[-4000:]
    assert re.fullmatch(r"evcat: built \d+ pages in \d+\.\d s — site \d+(\.\d)? [kMG]?B at .+/site/",
                        built_site_run.output.splitlines()[-1]), built_site_run.output[-2000:]
    assert (built_site_run.site / "index.html").is_file()
    assert (built_site_run.site / "search" / "search_index.json").is_file()


def test_every_version_of_inventory_adjusted_has_a_page_and_a_change_page(built_site: Path) -> None:
    events = built_site / "events" / "InventoryAdjusted"
    latest = frontmatter(INVENTORY_ADJUSTED / "index.mdx")["version"]
    older = sorted(p.name for p in (INVENTORY_ADJUSTED / "versioned").iterdir() if p.is_dir())
    assert older == ["0.0.1", "0.1.0", "1.0.0"] and latest == "1.0.1"

    assert h1_text(events / "index.html") == f"Inventory adjusted event · v{latest}"
    for version in older:
        assert h1_text(events / version / "index.html") == f"Inventory adjusted event · v{version}"
    # One change page per version that has a predecessor, under that version's folder (the latest too).
    ordered = [*older, latest]
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert h1_text(events / after / "changes" / "index.html") == f"Inventory adjusted: {before} → {after}"
    assert not (events / ordered[0] / "changes").exists(), "the first version has nothing to compare with"

    # The latest page is not duplicated under its own version folder (only its change page lives there).
    assert sorted(p.name for p in (events / latest).iterdir()) == ["changes"]


def test_the_1_0_0_change_page_lists_the_breaking_field_changes(built_site: Path) -> None:
    page = parse(built_site / "events/InventoryAdjusted/1.0.0/changes/index.html")
    tables = {tuple(th.text_content().strip() for th in t.xpath(".//thead//th")): t for t in article(page).xpath(".//table")}
    # First the compatibility verdict: each change classified, then the field table.
    assert list(tables)[:2] == [("Change", "Where", "Class", "Breaks BACKWARD", "What"),
                                ("Change", "Field", "Before", "After", "Note")]  # then the changelog's
    verdict = [[td.text_content().strip() for td in tr.xpath("./td")][:4]
               for tr in tables[("Change", "Where", "Class", "Breaks BACKWARD", "What")].xpath(".//tbody/tr")]
    assert ["READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0", "breaks readers", "yes"] in verdict
    assert article(page).xpath(".//div[contains(@class, 'admonition') and contains(@class, 'danger')]"
                               "/p[@class='admonition-title']")[0].text_content() == "Breaking under BACKWARD"
    table = tables[("Change", "Field", "Before", "After", "Note")]
    rows = {tuple(td.text_content().strip() for td in tr.xpath("./td")) for tr in table.xpath(".//tbody/tr")}
    assert ("added", "adjustmentId", "", "string (uuid)", "required") in rows
    assert ("type changed", "quantityDelta", "int", "long", "") in rows
    reason = next(r for r in rows if r[1] == "reason")
    # Pipes inside the enum types are shown as pipes (a `\|` escape inside inline code used to show its
    # backslash).
    assert reason[2] == "enum<RECEIVED|SOLD|RETURNED|DAMAGED|CYCLE_COUNT>", reason
    assert reason[3] == "enum<RECEIVED|SHIPPED|RETURNED|DAMAGED|CYCLE_COUNT|TRANSFER|OTHER>", reason


def test_every_message_of_the_catalog_has_a_latest_page(built_site: Path) -> None:
    ids = message_ids(CATALOG)
    assert len(ids) >= 20, ids  # the example catalog has 22 events and a command
    missing = [f"{plural}/{id_}" for plural, id_ in sorted(ids)
               if not (built_site / plural / id_ / "index.html").is_file()]
    assert missing == []


@pytest.mark.parametrize(("path", "title"), [
    ("services/InventoryService/index.html", "Inventory Service service · v2.4.0"),
    ("domains/Inventory/index.html", "Inventory domain · v1.0.0"),
    ("channels/inventory-events/index.html", "Inventory event bus (EventBridge) channel · v1.0.0"),
    ("channels/ecomm.inventory.-entity-.-action/index.html", None),
    ("channels/inventory-webhooks/index.html", None),
    ("flows/RestockAfterOutOfStock/index.html", None),
    ("teams/full-stack/index.html", "Full Stackers team"),
    ("users/dboyne/index.html", "David Boyne user"),
    ("index.html", None),
    ("map/index.html", "Catalog map"),
    ("messages/index.html", "All messages"),
    ("services/index.html", "All services"),
    ("tags/index.html", "Tags"),
])
def test_resource_and_catalog_pages_exist(built_site: Path, path: str, title: str | None) -> None:
    page = built_site / path
    assert page.is_file(), path
    heading = h1_text(page)
    if title is not None:
        assert heading == title


def test_user_page_shows_role_and_email_as_separate_paragraphs(built_site: Path) -> None:
    paragraphs = [" ".join(p.text_content().split())
                  for p in article(parse(built_site / "users/dboyne/index.html")).xpath("./p")]
    assert "Role: Principal engineer, Inventory" in paragraphs
    assert "Email: dboyne@example.com" in paragraphs


def test_schema_files_are_published_beside_their_pages(built_site: Path) -> None:
    events = built_site / "events" / "InventoryAdjusted"
    for page_dir, source in [(events, INVENTORY_ADJUSTED / "schema.avsc"),
                             (events / "1.0.0", INVENTORY_ADJUSTED / "versioned/1.0.0/schema.avsc")]:
        published = page_dir / "schema.avsc"
        assert published.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
        # The page's download button points at exactly that file.
        buttons = parse(page_dir / "index.html").xpath("//a[@download]")
        assert [b.get("href") for b in buttons] == ["schema.avsc"]
    # Different versions publish different schemas (1.0.0 widened quantities to long).
    assert (events / "0.1.0" / "schema.avsc").read_text() != (events / "1.0.0" / "schema.avsc").read_text()


def test_internal_links_of_catalog_pages_resolve(built_site: Path) -> None:
    broken = []
    checked = 0
    # 404.html is Material's, with links absolute from the site root; every other page is checked.
    for page_path in sorted(p for p in built_site.rglob("*.html") if p.name != "404.html"):
        for href, target in internal_links(page_path, built_site):
            checked += 1
            if not target.exists():
                broken.append(f"{page_path.relative_to(built_site)}: {href}")
    assert checked > 500
    assert broken == []


def test_no_built_page_loads_anything_from_another_host(built_site: Path) -> None:
    fetches, links, scanned = offline_violations(built_site)
    assert scanned["html"] >= 50 and scanned["css"] >= 3 and scanned["references"] > 300, scanned
    assert fetches == []
    # Links to other sites are fine (a reader clicks them); list them for the record. Material's footer
    # credit is the only one the theme adds.
    external_hosts = sorted({urlsplit(link.split(": ", 1)[1]).netloc for link in links})
    print("external anchor hosts:", external_hosts)
    assert set(external_hosts) <= {"squidfunk.github.io", "github.com", "www.eventcatalog.dev",
                                   "eventcatalog.dev", "docs.aws.amazon.com", "example.com"}, external_hosts


def test_search_index_holds_schema_fields_but_not_code_snippets(built_site: Path) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    page = "events/InventoryAdjusted/"
    schema_sections = [d for d in docs if d["location"].startswith(page + "#schema")]
    assert any("adjustedBy" in d["text"] for d in schema_sections), [d["location"] for d in schema_sections]
    # The generated producer/consumer code is excluded (site.md §5: it dominates the index otherwise), on
    # every page, including the per-channel sub-sections of the Code section.
    with_code = sorted({d["location"] for d in docs
                        if "KafkaException" in d["text"] or "confluent_kafka" in d["text"]})
    assert with_code == []
    assert not any(d["location"].startswith(page + "#code") for d in docs)


def test_search_index_comes_from_the_model_beside_the_hand_written_docs(built_site: Path) -> None:
    """Catalog pages are indexed from the model (one entry per page, one for its schema fields; older
    versions lowered); the hand-written docs keep the search plugin's entries."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {d["location"]: d for d in docs}
    latest = by_location["events/InventoryAdjusted/"]
    assert latest["title"] == "Inventory adjusted" and "boost" not in latest
    assert "Producers: Inventory Service" in latest["text"]
    older = by_location["events/InventoryAdjusted/1.0.0/"]
    assert older["title"] == "Inventory adjusted 1.0.0" and older["boost"] < 1
    # Each catalog page once: not also as sections parsed from its HTML.
    catalog_sections = [d["location"] for d in docs if d["location"].startswith("events/InventoryAdjusted/#")]
    assert catalog_sections == ["events/InventoryAdjusted/#schema"]
    assert any(d["location"].startswith("evcat/usage/") for d in docs)


def test_older_versions_carry_no_generated_code(built_site: Path) -> None:
    """Code is generated for the latest version only; older pages keep schema, examples and changes."""
    latest = (built_site / "events/InventoryAdjusted/index.html").read_text(encoding="utf-8")
    older = (built_site / "events/InventoryAdjusted/1.0.0/index.html").read_text(encoding="utf-8")
    assert 'id="code"' in latest
    assert 'id="code"' not in older and 'id="schema"' in older and "changes" in older


def test_pages_load_vendored_mermaid_and_the_evcat_stylesheet(built_site: Path) -> None:
    page = parse(built_site / "events/InventoryAdjusted/index.html")
    scripts = page.xpath("//script/@src")
    assert any(s.endswith("assets/evcat/mermaid.min.js") for s in scripts), scripts
    assert any(h.endswith("assets/evcat/evcat.css") for h in page.xpath("//link[@rel='stylesheet']/@href"))
    assert (built_site / "assets/evcat/mermaid.min.js").stat().st_size > 1_000_000
    # Every diagram is a Mermaid fence Material will render (a <pre class="mermaid"> holding the source).
    diagrams = page.xpath("//pre[contains(@class, 'mermaid')]")
    assert diagrams and all("flowchart" in d.text_content() for d in diagrams)


# --- conformance catalogs -----------------------------------------------------------------------------------


def built_conformance(conformance_build, name: str):
    run = conformance_build(name)
    assert run.exit_code == 0, f"evcat build of {name} failed:\n{run.output[-4000:]}"
    return run.site


def find_page(site: Path, kind: str, id_: str) -> Path:
    page = site / kind / id_ / "index.html"
    assert page.is_file(), f"{page} missing"
    return page


def test_v4_conformance_catalog_builds(conformance_build) -> None:
    site = built_conformance(conformance_build, "v4-default")
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    assert (site / "search" / "search_index.json").is_file()
    fetches, _, _ = offline_violations(site)
    assert fetches == []


def test_v3_conformance_catalog_builds_and_shows_its_defects(conformance_build) -> None:
    site = built_conformance(conformance_build, "v3-default")
    page = parse(find_page(site, "events", "ShipmentCreated"))

    failures = admonitions(page, "failure")
    titles = [title for title, _ in failures]
    findings = [text for title, text in failures if title.startswith("Validation: ")]
    assert findings, titles
    assert "EC401" in findings[0] and "does not match" in findings[0]

    example_headings = [" ".join(h.text_content().replace("¶", "").split())
                        for h in article(page).xpath(".//h3")]
    assert any(h.endswith("(does not match the schema)") for h in example_headings), example_headings
    assert "This example does not match the schema" in titles

    # A component evcat cannot render is no box for readers: it is an EC601 row in the page's folded
    # "Validation" box (a warning, so a <details class="warning">), naming the component.
    boxes, unsupported = [], []
    for page_path in site.rglob("*.html"):
        parsed = parse(page_path)
        boxes += [title for title, _ in admonitions(parsed, "warning") if title == "Unsupported component"]
        for folded in parsed.xpath("//details[contains(concat(' ', @class, ' '), ' warning ')]"):
            text = " ".join(folded.text_content().split())
            if text.startswith("Validation: ") and "EC601" in text:
                unsupported.append((page_path.relative_to(site).as_posix(), text))
    assert boxes == []
    assert unsupported, "no page lists an EC601 finding"
    assert any(re.search(r"<\w[\w.]*>", text) for _, text in unsupported), unsupported[:3]

    fetches, _, _ = offline_violations(site)
    assert fetches == []


def test_pages_converted_on_every_core_match_a_one_process_build(built_site: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog's Markdown converted in slices by forked helpers (render/prerender.py, on from 200
    pages) gives the very site MkDocs' own one-process pass gives: forced on for the small example."""
    import contextlib  # noqa: PLC0415

    from click.testing import CliRunner  # noqa: PLC0415

    from generator import parallel  # noqa: PLC0415
    from generator.cli import cli  # noqa: PLC0415
    from generator.render import prerender  # noqa: PLC0415

    converted: list[int] = []
    original = prerender.prerender

    def counting(*args, **kwargs) -> int:
        converted.append(original(*args, **kwargs))
        return converted[-1]

    monkeypatch.setattr(prerender, "MIN_PAGES", 0)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setattr("generator.plugin.prerender", counting)
    site = tmp_path / "site"
    with contextlib.chdir(REPO):
        result = CliRunner().invoke(cli, ["build", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert converted and converted[0] > 50
    different = [str(p.relative_to(site)) for p in site.rglob("*.html")
                 if p.read_bytes() != (built_site / p.relative_to(site)).read_bytes()]
    assert different == []
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index == json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))


def test_build_shows_its_stages_in_a_log_and_ends_with_one_summary_line(built_site_run, built_site: Path) -> None:
    """Not on a terminal (CI, pipes): plain lines at every stage start and every tenth, then the summary."""
    lines = built_site_run.output.splitlines()
    assert "\r" not in built_site_run.output and "\x1b[" not in built_site_run.output
    starts = [line for line in lines if re.fullmatch(r"evcat: [a-z ]+( 0/\d+)?|evcat: preparing the pages of \d+ "
                                                     r"resources", line)]
    assert [re.sub(r" \d+.*| of \d+ resources", "", line) for line in starts] == [
        "evcat: reading and checking the catalog", "evcat: preparing the pages", "evcat: generating pages",
        "evcat: rendering pages", "evcat: writing pages", "evcat: writing the site"]
    pages = int(re.search(r"built (\d+) pages", lines[-1]).group(1))
    assert f"evcat: writing pages {pages}/{pages}" in lines  # every page counted
    assert pages == len(list(built_site.rglob("index.html")))  # one page per folder (directory URLs)
    assert not any(line.startswith("INFO") for line in lines)  # MkDocs' own INFO log stays hidden


def test_every_resource_of_a_navigation_section_is_an_entry_of_its_own(built_site: Path) -> None:
    """Resource pages are all `index.md`: a section must not take its first one as the section's own page
    (Material's `navigation.indexes`), which hid it from the list and made the section title open it."""
    page = parse(built_site / "index.html")
    section_links = page.xpath("//div[contains(@class, 'md-nav__container')]/a/@href")
    assert section_links == []
    entries = [" ".join(a.text_content().split()) for a in page.xpath("//nav[@data-md-level='1']//a")]
    assert "Bin created" in entries and "Inventory Service" in entries
