"""Build the site's Markdown: every page of the catalog, its assets and its navigation.

``generate`` writes the files into a generator-owned folder, only when their content changed, and
removes files of resources that no longer exist. MkDocs (through the plugin) or any other Markdown site
generator then renders them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.catalog.model import Catalog, Kind, Message, Resource
from generator.diagnostics import Diagnostic, Diagnostics
from generator.diagnostics.codes import rule
from generator.escaping import html_text
from generator.render import browse, graphs, outputs
from generator.render.components import PageComponents
from generator.render.context.messages import MessagePages
from generator.render.context.resources import ResourcePages
from generator.render.incremental import (
    CATALOG_UNIT,
    SiteState,
    Unit,
    changed_units,
    findings_by_file,
    quick_pass_possible,
)
from generator.render.pages import (
    NAV_MESSAGE_LIMIT,
    Asset,
    Linker,
    PageSpec,
    badge_chips,
    domain_of,
    error_counts,
    resource_files,
)
from generator.render.progress import Progress
from generator.render.searchindex import SearchEntry, search_entries
from generator.render.templating import environment
from generator.render.urls import Urls, relative

_SECTIONS = [(Kind.DOMAIN, "Domains"), (Kind.SERVICE, "Services"), (Kind.CHANNEL, "Channels"),
             (Kind.FLOW, "Flows"), (Kind.TEAM, "Teams"), (Kind.USER, "People")]
_MESSAGE_SECTIONS = [(Kind.EVENT, "Events"), (Kind.COMMAND, "Commands"), (Kind.QUERY, "Queries")]
_SINGULAR = {Kind.DOMAIN: "Domain", Kind.SERVICE: "Service", Kind.CHANNEL: "Channel", Kind.FLOW: "Flow",
             Kind.TEAM: "Team", Kind.USER: "Person", Kind.EVENT: "Event", Kind.COMMAND: "Command",
             Kind.QUERY: "Query"}
# Kinds read from the catalog that have pages but no navigation section: the home counts them too.
_OTHER_KINDS = [(Kind.SYSTEM, "systems", "system"), (Kind.ENTITY, "entities", "entity"),
                (Kind.CONTAINER, "containers", "container"), (Kind.ADR, "ADRs", "ADR"),
                (Kind.DATA_PRODUCT, "data products", "data product"), (Kind.AGENT, "agents", "agent"),
                (Kind.DIAGRAM, "diagrams", "diagram")]


@dataclass(frozen=True)
class Generated:
    """What a generate run produced: every file path (relative), how many were written, the nav."""

    files: tuple[str, ...]
    written: int
    nav: list[Any]
    diagnostics: Diagnostics
    search: tuple[SearchEntry, ...] = ()
    # "full", or under `evcat serve` "quick" (only the units made from changed records) or "catch-up".
    mode: str = "full"
    complete: bool = True  # False when a full pass was stopped early (``generate``'s ``stop``)
    nav_changed: bool = True  # the navigation differs from the previous run's: every page shows it


def page_units(catalog: Catalog, diagnostics: Diagnostics, urls: Urls, env: jinja2.Environment,
               problems: list[Diagnostic], template_dirs=(), read=None, compatibility: str = "BACKWARD") -> list[Unit]:
    """The site's pages in units made from the same records (render/incremental.py), in page order;
    ``compatibility`` is the catalog's mode, which the change pages say each version was checked under.

    A unit's pages are built only when its ``pages`` is called, so only one page's worth is held while it is
    rendered and written, however large the catalog; problems found while building them (a snippet template
    that failed) are appended to ``problems``.
    """
    components = PageComponents(catalog, urls, env, read)
    messages = MessagePages(catalog, diagnostics, urls, components, template_dirs, compatibility)
    messages.problems = problems
    resources = ResourcePages(catalog, diagnostics, urls, components)
    findings = findings_by_file(diagnostics)

    def found(resource: Resource) -> tuple[Diagnostic, ...]:
        return tuple(d for path in resource_files(resource) for d in findings.get(path, ()))

    def resource_pages(resource: Resource) -> Iterator[PageSpec | Asset]:
        yield resources.build(resource)
        if (graph_page := resources.graph_page(resource)) is not None:
            yield graph_page

    def message_pages(versions: list[Message]) -> Iterator[PageSpec | Asset]:
        pages, assets = messages.build(versions)
        yield from pages
        yield from assets

    units: list[Unit] = []
    by_id: dict[tuple[Kind, str], list[Message]] = defaultdict(list)
    for resource in catalog:
        if isinstance(resource, Message):
            by_id[(resource.kind, resource.id)].append(resource)
        else:
            units.append(Unit(("resource", resource.key), (resource, found(resource)),
                              functools.partial(resource_pages, resource)))
    for (kind, id_), found_versions in by_id.items():
        order = catalog.versions_of(kind, id_)
        ordered = sorted(found_versions, key=lambda m: order.index(m.version) if m.version in order else -1)
        units.append(Unit(("message", kind, id_), tuple((m, found(m)) for m in ordered),
                          functools.partial(message_pages, ordered)))
    units.append(Unit(CATALOG_UNIT, None, lambda: catalog_pages(catalog, diagnostics, urls)))
    return units


def catalog_pages(catalog: Catalog, diagnostics: Diagnostics, urls: Urls) -> list[PageSpec]:
    """Home, browse tables, the catalog-wide map and the tags index."""
    linker = Linker(catalog, urls)
    home = urls.home()
    errors = error_counts(diagnostics)
    latest = [r for r in catalog if catalog.latest(r) or not r.version]
    messages = [r for r in latest if r.kind.is_message]
    domains = domain_of(catalog)

    def row(page: str, resource: Resource) -> dict[str, Any]:
        domain = domains.get(next((e.service for e in catalog.producers(resource.key)), None))
        return linker.link(page, resource.key) | {
            "summary": resource.summary.splitlines()[0] if resource.summary else "",
            "badges": badge_chips(resource),
            "owners": [linker.link(page, k) for k in catalog.owner_of.get(resource.key, ())],
            "domain": linker.link(page, domain) if domain else None,
            "errors": sum(errors.get(f, 0) for f in resource_files(resource)),
        }

    counts = {}
    for kind, label in _MESSAGE_SECTIONS + _SECTIONS:
        count = len([r for r in latest if r.kind is kind])
        counts[label] = {"count": count, "label": (label if count != 1 else _SINGULAR[kind]).lower()}
    for kind, plural, singular in _OTHER_KINDS:
        count = len([r for r in latest if r.kind is kind])
        counts[plural] = {"count": count, "label": plural if count != 1 else singular}
    recent = sorted((m for m in messages if isinstance(m, Message) and m.changelog and m.changelog.created_at),
                    key=lambda m: m.changelog.created_at, reverse=True)[:8]
    with_errors = [row(home, m) for m in messages if any(errors.get(f) for f in resource_files(m))]
    pages = [PageSpec(home, "home.md.j2", {
        "title": catalog.title, "counts": counts, "errors": diagnostics.errors,
        "warnings": diagnostics.warnings,
        "domains": [row(home, r) for r in latest if r.kind is Kind.DOMAIN],
        "recent": [row(home, m) | {"date": m.changelog.created_at} for m in recent],
        "with_errors": with_errors,
        "links": {name: relative(home, urls.browse(name)) for name in ("messages", "services", "map", "tags")},
    })]
    pages += browse.paginated(urls.browse("messages"), browse.more_pages(urls, "messages"), "browse_messages.md.j2",
                              _sorted(messages), lambda page, chunk: {
                                  "rows": [row(page, m) | {"kind": m.kind.value} for m in chunk]})

    def service_row(page: str, service: Resource) -> dict[str, Any]:
        edges = catalog.edges_of(service.key)
        return row(page, service) | {"sends": len([e for e in edges if e.direction == "sends"]),
                                     "receives": len([e for e in edges if e.direction == "receives"])}

    pages += browse.paginated(urls.browse("services"), browse.more_pages(urls, "services"), "browse_services.md.j2",
                              _sorted(r for r in latest if r.kind is Kind.SERVICE),
                              lambda page, chunk: {"rows": [service_row(page, s) for s in chunk]})
    for kind, label in _overflowing_sections(catalog):
        pages += browse.kind_pages(urls, kind, label, _sorted(r for r in latest if r.kind is kind), row)
    graph, pairs = _catalog_map(catalog, linker, urls)
    # The table under the map names the busiest pairs; a page holds at most one browse page's worth.
    pages.append(PageSpec(urls.browse("map"), "map.md.j2", {"graph": graph, "pairs": pairs[:browse.ROWS_PER_PAGE],
                                                            "more_pairs": max(0, len(pairs) - browse.ROWS_PER_PAGE)}))
    pages += browse.tag_pages(urls, _sorted(r for r in latest if not r.hidden), linker.link)
    return pages


def _sorted(resources) -> list[Resource]:
    return sorted(resources, key=lambda r: (r.name.lower(), r.id))


def _catalog_map(catalog: Catalog, linker: Linker, urls: Urls) -> tuple[str, list[dict[str, Any]]]:
    """The map's Mermaid text and its producer → consumer pairs with how many messages each carries."""
    page = urls.browse("map")
    domains = []
    for domain in _sorted(r for r in catalog.of_kind(Kind.DOMAIN) if catalog.latest(r)):
        link = linker.link(page, domain.key)
        services = [graphs.GraphNode(k.id, linker.link(page, k)["title"], "service", linker.link(page, k)["url"])
                    for k in catalog.domain_services.get(domain.key, ())]
        domains.append((graphs.GraphNode(f"domain:{domain.id}", link["title"], "domain", link["url"]), services))
    flows: dict[tuple[str, str], int] = defaultdict(int)
    nodes: dict[str, graphs.GraphNode] = {}
    links: dict[str, dict[str, Any]] = {}
    for message in catalog.messages:
        for producer in catalog.producers(message.key):
            for consumer in catalog.consumers(message.key):
                for key in (producer.service, consumer.service):
                    link = links.setdefault(key.id, linker.link(page, key))
                    nodes.setdefault(key.id, graphs.GraphNode(key.id, link["title"], "service", link["url"]))
                flows[(producer.service.id, consumer.service.id)] += 1
    edges = [(nodes[p], nodes[c], n) for (p, c), n in flows.items() if p != c]
    pairs = [{"producer": links[p], "consumer": links[c], "count": n}
             for (p, c), n in sorted(flows.items(), key=lambda item: (-item[1], item[0])) if p != c]
    return graphs.domain_map(domains, edges), pairs


def _nav_sections(catalog: Catalog) -> list[tuple[Kind, str]]:
    """The navigation's sections: messages by kind only while the catalog has few of them ("All messages"
    is the way in otherwise)."""
    latest = [r for r in catalog if (catalog.latest(r) or not r.version) and not r.hidden]
    sections = list(_SECTIONS) + [(kind, plural[0].upper() + plural[1:]) for kind, plural, _ in _OTHER_KINDS]
    messages = sum(1 for r in latest if r.kind.is_message)
    if messages <= NAV_MESSAGE_LIMIT:
        sections = [(kind, label) for kind, label in _MESSAGE_SECTIONS
                    if sum(1 for r in latest if r.kind is kind) <= browse.NAV_SECTION_LIMIT] + sections
    return sections


def _overflowing_sections(catalog: Catalog) -> list[tuple[Kind, str]]:
    """Sections (other than messages and services, which always have browse pages) too long to list in the
    navigation of every page: each gets browse pages of its own instead."""
    counts: dict[Kind, int] = defaultdict(int)
    for resource in catalog:
        if (catalog.latest(resource) or not resource.version) and not resource.hidden:
            counts[resource.kind] += 1
    return [(kind, label) for kind, label in list(_SECTIONS) + [(k, p[0].upper() + p[1:]) for k, p, _ in _OTHER_KINDS]
            if kind is not Kind.SERVICE and counts[kind] > browse.NAV_SECTION_LIMIT]


def navigation(catalog: Catalog, urls: Urls) -> list[Any]:
    """The catalog's navigation: latest versions only; a section listed entry by entry while it is short,
    else one link to its browse pages (every page renders the whole navigation)."""
    nav: list[Any] = [{"Overview": urls.home()}, {"All messages": urls.browse("messages")},
                      {"All services": urls.browse("services")}, {"Map": urls.browse("map")},
                      {"Tags": urls.browse("tags")}]
    latest = [r for r in catalog if (catalog.latest(r) or not r.version) and not r.hidden]
    overflowing = {kind for kind, _ in _overflowing_sections(catalog)}
    for kind, label in _nav_sections(catalog):
        members = [r for r in latest if r.kind is kind]
        if kind is Kind.SERVICE and len(members) > browse.NAV_SECTION_LIMIT:
            continue  # "All services" above is the way in
        if kind in overflowing:
            nav.append({label: urls.browse(kind.plural)})
            continue
        # MkDocs themes print navigation titles as HTML.
        entries = [{html_text(r.name): urls.resource(r)} for r in _sorted(members)]
        if entries:
            nav.append({label: entries})
    return nav


def generate(catalog: Catalog, diagnostics: Diagnostics, out_dir: Path, *, prefix: str = "",
             templates: Path | None = None, read=None, trusted_html: bool = False,
             compatibility: str = "BACKWARD", ignored_components: tuple[str, ...] = (),
             search_from_model: bool = False, progress: Progress | None = None,
             state: SiteState | None = None, stop: Callable[[], bool] | None = None) -> Generated:
    """Render every page into ``out_dir``, writing only changed files, and remove files of earlier runs.

    ``out_dir`` must carry evcat's marker (``outputs.mark``): files are removed only from folders evcat made,
    and no link in it is followed. ``trusted_html`` lets raw HTML of bodies through unsanitised;
    ``ignored_components`` are body components rendered as nothing; ``progress`` is told of every page. With
    ``search_from_model`` the pages ask the search plugin not to index their HTML, and ``Generated.search``
    holds their entries instead.

    With a ``state`` (``evcat serve``; render/incremental.py) an edit that leaves the navigation as it was
    regenerates only the units made from changed records (``Generated.mode`` "quick") and leaves the state
    stale; the next call regenerates everything ("catch-up"). ``stop`` is asked between units of a full
    pass: when it says yes (a new edit arrived) the pass ends early, the rest waiting for the next call.
    """
    def new_environment() -> jinja2.Environment:
        made = environment(templates, trusted_html=trusted_html, ignored_components=ignored_components)
        made.globals["search_from_model"] = search_from_model
        return made

    # Under `serve` the compiled templates are kept (Jinja reloads a template file that changed).
    env = (state.environment((templates, trusted_html, ignored_components, search_from_model), new_environment)
           if state is not None else new_environment())
    urls = Urls(prefix, catalog)  # distinct page names for ids that would collide
    template_dirs = [templates] if templates else []
    progress = progress or Progress.silent()
    progress.stage(f"preparing the pages of {sum(1 for _ in catalog)} resources")
    built_problems: list[Diagnostic] = []
    units = page_units(catalog, diagnostics, urls, env, built_problems, template_dirs, read, compatibility)
    nav = navigation(catalog, urls)
    mode = "full"
    selected = units
    if state is not None and quick_pass_possible(units, state, nav):
        changed = changed_units(units, state)
        if changed:
            mode = "quick"
            selected = [unit for unit in units if unit.key in changed]
        elif state.stale:
            mode = "catch-up"
    nav_changed = state is None or state.nav != nav
    # Pages are built as they are taken (``page_units``): counted, not known in advance.
    progress.stage("generating pages")
    failed_templates = Diagnostics()
    written = 0
    made: dict[Any, tuple[str, ...]] = {}
    complete = True
    for unit in selected:
        if stop is not None and mode != "quick" and made and stop():
            complete = False
            break
        unit_files: list[str] = []
        for spec in unit.pages():
            if isinstance(spec, Asset):
                written += outputs.write_file(out_dir, spec.path, spec.content)
                unit_files.append(spec.path)
                continue
            try:
                content = env.get_template(spec.template).render(**spec.context)
            except jinja2.TemplateError as error:
                failed_templates.add(rule("EC602")(f"template '{spec.template}' failed for {spec.path}: {error}",
                                           hint="check the template override folder"))
                content = f"# {spec.path}\n\n!!! danger \"This page could not be rendered\"\n    {error}\n"
            written += outputs.write_file(out_dir, spec.path, content)
            unit_files.append(spec.path)
            progress.advance()
        made[unit.key] = tuple(unit_files)
    files: list[str] = []
    for unit in units:
        files.extend(made.get(unit.key, state.files.get(unit.key, ()) if state is not None else ()))
    same_files = state is not None and mode == "quick" and all(
        set(made[key]) == set(state.files.get(key, ())) for key in made)
    if not same_files:  # a quick pass that wrote the files its units had before leaves no orphan
        outputs.remove_orphans(out_dir, files)
    if state is not None:
        _remember(state, units, made, nav, stale=mode == "quick" or not complete)
    problems = Diagnostics()
    problems.extend(built_problems)  # filled while the pages were built
    problems.extend(failed_templates)
    search = tuple(search_entries(catalog, urls)) if search_from_model else ()
    return Generated(tuple(files), written, nav, problems, search, mode=mode, complete=complete,
                     nav_changed=nav_changed)


def _remember(state: SiteState, units: list[Unit], made: dict[Any, tuple[str, ...]], nav: list[Any], *,
              stale: bool) -> None:
    """Record in ``state`` what the units just made were made from; forget units that are gone."""
    keys = {unit.key for unit in units}
    for unit in units:
        if unit.key in made:
            state.inputs[unit.key] = unit.inputs
            state.files[unit.key] = made[unit.key]
    for key in set(state.files) - keys:
        del state.files[key]
        state.inputs.pop(key, None)
    state.nav = nav
    state.stale = stale
