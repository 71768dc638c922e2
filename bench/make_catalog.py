#!/usr/bin/env python3
"""Generate a synthetic, *clean* EventCatalog (v3) catalog of N events for evcat benchmarks.

The shared generator (``../shared/bench/eventcatalog/gen.py``) gives every event three versions but a schema
only on the latest one and no examples, so it does not exercise schema and example validation. This
generator keeps gen.py's shapes (same teams, users, channel/service/domain ratios, nested layout, MDX
components) and adds, for **every** version of every event, its own schema and 1-2 example payloads that
match it:

  eventcatalog.config.js, package.json, public/logo.svg
  teams/team-<t>.mdx                       5 teams, 4 members each
  users/user-<u>.mdx                       20 users
  channels/<channel>/index.mdx             1 channel per 20 events; every 3rd has an `{env}` address
                                           parameter (enum dev|staging|prod), bound by senders
  domains/<Domain>/index.mdx               N/50 domains (>= 1), lists its services
  domains/<Domain>/services/<Svc>/index.mdx
                                           N/10 services (>= 1): sends its own events (exact latest version,
                                           to its channel), receives ~5 events of other services (latest, or
                                           the range ^2.0.0 for every 4th)
  .../events/<Event>/index.mdx             latest version <V>.<m>.0
  .../events/<Event>/schema.json|.avsc     JSON Schema (draft-07; 2020-12 for 1 event in 10; half of
                                           them with a local $ref) or, for 1 event in 4, Avro; 8-14 fields incl. nested objects, arrays,
                                           enums, uuid/date-time/email formats
  .../events/<Event>/examples/*.json       1-2 payloads valid against that version's schema, and for about
                                           half of the versions an examples.config.yaml naming them
  .../events/<Event>/versioned/<k>.0.0/    the same set (index.mdx, schema, examples/) for each older
                                           version k = 1 .. V-1; each version adds 2 optional fields

Deterministic for a given --seed; standard library only. `evcat validate` reports no findings on it.

Usage:  python3 make_catalog.py --events 1000 --out ./cat-1000 [--versions 3] [--seed 1] [--plain]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import time
import uuid

WORDS = ["order", "customer", "payment", "invoice", "shipment", "stock", "price", "account", "refund",
         "basket", "item", "parcel", "address", "coupon", "ledger", "quote", "claim", "policy", "route"]
BADGE_COLOURS = ["blue", "green", "yellow", "red", "purple", "orange"]
STATUS = ["NEW", "ACTIVE", "SUSPENDED", "CLOSED"]
CURRENCIES = ["EUR", "USD", "GBP", "CHF"]
CITIES = ["London", "Paris", "Berlin", "Lisbon", "Oslo", "Madrid", "Vienna", "Dublin"]
# field kinds; weights favour the scalar ones, like real payloads
KINDS = (["string"] * 3 + ["uuid"] * 2 + ["datetime"] * 2 + ["integer"] * 2 + ["number", "boolean", "enum",
         "tags", "email", "address", "money", "lines"])


def pascal(*parts: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in parts)


def write(path: str, text: str) -> int:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return len(text.encode("utf-8"))


def yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------------------
# Field model shared by the JSON Schema and Avro writers
# ---------------------------------------------------------------------------------------------------------

def field_name(kind: str, word: str) -> str:
    return {
        "string": f"{word}Reference", "uuid": f"{word}Id", "datetime": f"{word}UpdatedAt",
        "integer": f"{word}Count", "number": f"{word}Score", "boolean": f"is{pascal(word)}Active",
        "enum": f"{word}Status", "tags": f"{word}Tags", "email": f"{word}ContactEmail",
        "address": f"{word}Address", "money": f"{word}Total", "lines": f"{word}Lines",
    }[kind]


def new_fields(rng: random.Random, n: int, taken: set[str], required: bool) -> list[dict]:
    out = []
    while len(out) < n:
        kind = rng.choice(KINDS)
        name = field_name(kind, rng.choice(WORDS))
        if name in taken:
            continue
        taken.add(name)
        out.append({"name": name, "kind": kind, "required": required,
                    "doc": f"The {name} of the payload ({kind})."})
    return out


def plan_versions(rng: random.Random, n_versions: int) -> list[list[dict]]:
    """Field lists per version, oldest first: v1 has 8-10 fields (6 required), each later version adds 2
    optional fields (a backward-compatible evolution in both JSON Schema and Avro)."""
    taken: set[str] = set()
    base = new_fields(rng, 6, taken, True) + new_fields(rng, rng.randint(2, 4), taken, False)
    versions = [base]
    for _ in range(n_versions - 1):
        versions.append(versions[-1] + new_fields(rng, 2, taken, False))
    return versions


def json_prop(f: dict, money_ref: bool) -> dict:
    k, doc = f["kind"], f["doc"]
    if k == "string":
        return {"type": "string", "minLength": 1, "maxLength": 200, "description": doc}
    if k == "uuid":
        return {"type": "string", "format": "uuid", "description": doc}
    if k == "datetime":
        return {"type": "string", "format": "date-time", "description": doc}
    if k == "integer":
        return {"type": "integer", "minimum": 0, "description": doc}
    if k == "number":
        return {"type": "number", "minimum": 0, "maximum": 100, "description": doc}
    if k == "boolean":
        return {"type": "boolean", "description": doc}
    if k == "enum":
        return {"type": "string", "enum": STATUS, "description": doc}
    if k == "tags":
        return {"type": "array", "items": {"type": "string"}, "maxItems": 10, "description": doc}
    if k == "email":
        return {"type": "string", "format": "email", "description": doc}
    if k == "address":
        return {"type": "object", "description": doc, "additionalProperties": False,
                "required": ["city", "countryCode"],
                "properties": {"street": {"type": "string"}, "city": {"type": "string"},
                               "postcode": {"type": "string"},
                               "countryCode": {"type": "string", "pattern": "^[A-Z]{2}$"}}}
    if k == "money":
        if money_ref:
            return {"$ref": "#/definitions/Money", "description": doc}
        return {"type": "object", "description": doc, "required": ["amount", "currency"],
                "properties": {"amount": {"type": "number", "minimum": 0},
                               "currency": {"type": "string", "enum": CURRENCIES}}}
    if k == "lines":
        return {"type": "array", "description": doc, "minItems": 1,
                "items": {"type": "object", "required": ["sku", "quantity"], "additionalProperties": False,
                          "properties": {"sku": {"type": "string"},
                                         "quantity": {"type": "integer", "minimum": 1},
                                         "unitPrice": {"type": "number", "minimum": 0}}}}
    raise ValueError(k)


def json_schema(title: str, fields: list[dict], version: str, draft: str, money_ref: bool) -> dict:
    money_ref = money_ref and draft == "07"
    schema = {
        "$schema": ("http://json-schema.org/draft-07/schema#" if draft == "07"
                    else "https://json-schema.org/draft/2020-12/schema"),
        "$id": f"https://example.invalid/schemas/{title}/{version}.json",
        "title": title,
        "description": f"Payload of the {title} event, version {version}.",
        "type": "object",
        "properties": {f["name"]: json_prop(f, money_ref) for f in fields},
        "required": [f["name"] for f in fields if f["required"]],
        "additionalProperties": False,
    }
    if money_ref and any(f["kind"] == "money" for f in fields):
        schema["definitions"] = {"Money": {
            "type": "object", "required": ["amount", "currency"],
            "properties": {"amount": {"type": "number", "minimum": 0},
                           "currency": {"type": "string", "enum": CURRENCIES}}}}
    return schema


def avro_type(f: dict) -> object:
    k, pname = f["kind"], pascal(f["name"])
    if k in ("string", "email"):
        t: object = "string"
    elif k == "uuid":
        t = {"type": "string", "logicalType": "uuid"}
    elif k == "datetime":
        t = {"type": "long", "logicalType": "timestamp-millis"}
    elif k == "integer":
        t = "long"
    elif k == "number":
        t = "double"
    elif k == "boolean":
        t = "boolean"
    elif k == "enum":
        t = {"type": "enum", "name": f"{pname}Value", "symbols": STATUS}
    elif k == "tags":
        t = {"type": "array", "items": "string"}
    elif k == "address":
        t = {"type": "record", "name": f"{pname}Record", "fields": [
            {"name": "street", "type": ["null", "string"], "default": None},
            {"name": "city", "type": "string"},
            {"name": "postcode", "type": ["null", "string"], "default": None},
            {"name": "countryCode", "type": "string"}]}
    elif k == "money":
        t = {"type": "record", "name": f"{pname}Money", "fields": [
            {"name": "amount", "type": "double"},
            {"name": "currency", "type": {"type": "enum", "name": f"{pname}Currency", "symbols": CURRENCIES}}]}
    elif k == "lines":
        t = {"type": "array", "items": {"type": "record", "name": f"{pname}Line", "fields": [
            {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"},
            {"name": "unitPrice", "type": ["null", "double"], "default": None}]}}
    else:
        raise ValueError(k)
    return t


def avro_schema(title: str, namespace: str, fields: list[dict], version: str) -> dict:
    out = []
    for f in fields:
        if f["required"]:
            out.append({"name": f["name"], "type": avro_type(f), "doc": f["doc"]})
        else:
            out.append({"name": f["name"], "type": ["null", avro_type(f)], "default": None, "doc": f["doc"]})
    return {"type": "record", "name": title, "namespace": namespace,
            "doc": f"Payload of the {title} event, version {version}.", "fields": out}


def value(rng: random.Random, f: dict, avro: bool) -> object:
    k = f["kind"]
    if k == "string":
        return f"{rng.choice(WORDS).upper()}-{rng.randint(1000, 99999)}"
    if k == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if k == "datetime":
        ms = 1_700_000_000_000 + rng.randint(0, 60_000_000_000)
        if avro:
            return ms
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"
    if k == "integer":
        return rng.randint(0, 5000)
    if k == "number":
        return round(rng.uniform(0, 100), 2)
    if k == "boolean":
        return rng.random() < 0.5
    if k == "enum":
        return rng.choice(STATUS)
    if k == "tags":
        return rng.sample(WORDS, rng.randint(0, 4))
    if k == "email":
        return f"{rng.choice(WORDS)}.{rng.randint(1, 999)}@example.com"
    if k == "address":
        a = {"street": f"{rng.randint(1, 200)} {pascal(rng.choice(WORDS))} Street",
             "city": rng.choice(CITIES), "postcode": f"{rng.randint(10000, 99999)}",
             "countryCode": rng.choice(["GB", "FR", "DE", "PT", "NO", "ES", "AT", "IE"])}
        if rng.random() < 0.3:      # optional member: null in Avro, absent in JSON
            if avro:
                a["postcode"] = None
            else:
                del a["postcode"]
        return a
    if k == "money":
        return {"amount": round(rng.uniform(1, 5000), 2), "currency": rng.choice(CURRENCIES)}
    if k == "lines":
        lines = []
        for _ in range(rng.randint(1, 4)):
            line = {"sku": f"SKU-{rng.randint(10000, 99999)}", "quantity": rng.randint(1, 20),
                    "unitPrice": round(rng.uniform(1, 300), 2)}
            lines.append(line)
        return lines
    raise ValueError(k)


def example(rng: random.Random, fields: list[dict], avro: bool) -> dict:
    out: dict = {}
    for f in fields:
        if f["required"] or rng.random() < 0.7:
            out[f["name"]] = value(rng, f, avro)
        elif avro:
            out[f["name"]] = None
    return out


# ---------------------------------------------------------------------------------------------------------

def generate(n_events: int, out: str, seed: int = 1, n_versions: int = 3, plain: bool = False,
             avro_every: int = 4, draft2020_every: int = 10, compatibility: str | None = None) -> dict:
    if n_versions < 1:
        raise ValueError("n_versions must be >= 1")
    rng = random.Random(seed)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    stats = {"files": 0, "bytes": 0, "schemas_json": 0, "schemas_avro": 0, "examples": 0}

    def put(path: str, text: str) -> None:
        stats["files"] += 1
        stats["bytes"] += write(path, text)

    n_services = max(1, n_events // 10)
    n_domains = max(1, n_events // 50)
    n_channels = max(1, (n_events + 19) // 20)
    n_teams, n_users = 5, 20

    # ---- project files ---------------------------------------------------------------------------------
    cid = str(uuid.UUID(int=rng.getrandbits(128)))
    put(os.path.join(out, "eventcatalog.config.js"), f"""/** generated by evcat bench/make_catalog.py */
export default {{
  cId: '{cid}',
  title: 'Synthetic catalog N={n_events}',
  tagline: 'Generated for evcat performance measurements',
  organizationName: 'Anchor Inc',
  homepageLink: 'https://example.invalid/',
  output: 'static',
  trailingSlash: false,
  base: '/',
  logo: {{ alt: 'Anchor', src: '/logo.svg', text: 'Anchor' }},
}};
""")
    put(os.path.join(out, "package.json"), json.dumps({
        "name": f"synthetic-catalog-{n_events}", "version": "0.0.1", "private": True, "type": "module",
        "scripts": {"build": "eventcatalog build", "lint": "eventcatalog-linter"},
        "dependencies": {"@eventcatalog/core": "3.48.4"},
    }, indent=2) + "\n")
    put(os.path.join(out, "public", "logo.svg"),
        '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
        '<rect width="16" height="16" fill="#63f"/></svg>\n')

    # ---- users & teams ---------------------------------------------------------------------------------
    users = [f"user-{u:02d}" for u in range(n_users)]
    teams = [f"team-{t}" for t in range(n_teams)]
    for i, u in enumerate(users):
        put(os.path.join(out, "users", f"{u}.mdx"), f"""---
id: {u}
name: User {i:02d}
summary: Engineer number {i} on the synthetic platform
role: Engineer
email: {u}@example.com
---
## Overview
{u} works on the synthetic platform.
""")
    for t, team in enumerate(teams):
        members = "".join(f"  - {m}\n" for m in users[t * 4:(t + 1) * 4])
        put(os.path.join(out, "teams", f"{team}.mdx"), f"""---
id: {team}
name: Team {t}
summary: Synthetic team number {t}
members:
{members}email: {team}@example.com
---
## Overview
Team {t} owns a slice of the synthetic platform.
""")

    # ---- plan ------------------------------------------------------------------------------------------
    channels = [{"id": f"ch{c:03d}.events", "param": c % 3 == 2} for c in range(n_channels)]
    events = []
    for e in range(n_events):
        w1, w2 = rng.choice(WORDS), rng.choice(WORDS)
        events.append({
            "n": e,
            "id": f"{pascal(w1, w2)}Happened{e:05d}",
            "minor": rng.randint(0, 9),
            "service": e % n_services,
            "channel": channels[e // 20],
            "team": teams[e % n_teams],
            "user": users[e % n_users],
            "avro": avro_every > 0 and e % avro_every == avro_every - 1,
        })
    services = []
    for s in range(n_services):
        services.append({"id": f"Service{s:04d}", "domain": s % n_domains, "team": teams[s % n_teams],
                         "sends": [ev for ev in events if ev["service"] == s]})
    for s, svc in enumerate(services):
        others = [ev for ev in events if ev["service"] != s]
        svc["receives"] = rng.sample(others, min(5, len(others)))
    domains = [{"id": f"Domain{d:03d}", "services": [sv for sv in services if sv["domain"] == d]}
               for d in range(n_domains)]
    node_graph = "" if plain else "\n<NodeGraph />\n"

    def latest(ev: dict) -> str:
        return f"{n_versions}.{ev['minor']}.0"

    # ---- channels --------------------------------------------------------------------------------------
    for c, ch in enumerate(channels):
        if ch["param"]:
            addr = f"ch{c:03d}.{{env}}.events"
            params = ("parameters:\n  env:\n    enum:\n      - dev\n      - staging\n      - prod\n"
                      "    default: prod\n    description: Deployment environment\n")
        else:
            addr, params = ch["id"], ""
        put(os.path.join(out, "channels", ch["id"], "index.mdx"), f"""---
id: {ch['id']}
name: Channel {c:03d}
version: 1.0.0
summary: Kafka topic number {c} of the synthetic platform
owners:
  - {teams[c % n_teams]}
address: {yaml_str(addr)}
protocols:
  - kafka
{params}---
## Overview
Topic `{addr}`.
""")

    # ---- domains, services, events ---------------------------------------------------------------------
    for dom in domains:
        ddir = os.path.join(out, "domains", dom["id"])
        svc_refs = "".join(f"  - id: {sv['id']}\n" for sv in dom["services"])
        put(os.path.join(ddir, "index.mdx"), f"""---
id: {dom['id']}
name: {dom['id']}
version: 1.0.0
summary: Synthetic domain {dom['id']}
owners:
  - {teams[0]}
services:
{svc_refs}badges:
  - content: Domain
    backgroundColor: blue
    textColor: blue
---
## Overview
Domain {dom['id']} groups {len(dom['services'])} services.
{node_graph}""")
        for svc in dom["services"]:
            sdir = os.path.join(ddir, "services", svc["id"])
            sends = ""
            for ev in svc["sends"]:
                sends += (f"  - id: {ev['id']}\n    version: {latest(ev)}\n    to:\n"
                          f"      - id: {ev['channel']['id']}\n")
                if ev["channel"]["param"]:
                    sends += "        parameters:\n          env: prod\n"
            receives = ""
            for i, ev in enumerate(svc["receives"]):
                receives += f"  - id: {ev['id']}\n"
                if n_versions >= 2 and i % 4 == 3:
                    receives += "    version: ^2.0.0\n"
                receives += f"    from:\n      - id: {ev['channel']['id']}\n"
            put(os.path.join(sdir, "index.mdx"), f"""---
id: {svc['id']}
name: {svc['id']}
version: 1.{svc['domain']}.0
summary: Synthetic service {svc['id']}
owners:
  - {svc['team']}
sends:
{sends}receives:
{receives}repository:
  language: Python
  url: https://example.invalid/{svc['id']}
---
## Overview
{svc['id']} publishes {len(svc['sends'])} events and consumes {len(svc['receives'])}.
{node_graph}""")
            ns = f"com.synthetic.{dom['id'].lower()}"
            for ev in svc["sends"]:
                edir = os.path.join(sdir, "events", ev["id"])
                plan = plan_versions(rng, n_versions)
                draft = "2020-12" if draft2020_every and ev["n"] % draft2020_every == 0 else "07"
                money_ref = rng.random() < 0.5
                colour = rng.choice(BADGE_COLOURS)
                badge_word = rng.choice(WORDS)
                schema_file = "schema.avsc" if ev["avro"] else "schema.json"
                for k, fields in enumerate(plan, start=1):
                    is_latest = k == n_versions
                    version = latest(ev) if is_latest else f"{k}.0.0"
                    vdir = edir if is_latest else os.path.join(edir, "versioned", version)
                    if ev["avro"]:
                        schema = avro_schema(ev["id"], ns, fields, version)
                        stats["schemas_avro"] += 1
                    else:
                        schema = json_schema(ev["id"], fields, version, draft, money_ref)
                        stats["schemas_json"] += 1
                    put(os.path.join(vdir, schema_file), json.dumps(schema, indent=2) + "\n")
                    n_ex = 1 + (rng.random() < 0.5)
                    names = []
                    for x in range(n_ex):
                        name = f"{ev['id'][0].lower()}{ev['id'][1:]}-{version}-{x + 1}.json"
                        names.append(name)
                        put(os.path.join(vdir, "examples", name),
                            json.dumps(example(rng, fields, ev["avro"]), indent=2) + "\n")
                        stats["examples"] += 1
                    if rng.random() < 0.5:
                        cfg = "".join(f"{nm}:\n  name: Example {i + 1}\n  summary: A typical {ev['id']} "
                                      f"payload (version {version}).\n" for i, nm in enumerate(names))
                        put(os.path.join(vdir, "examples", "examples.config.yaml"), cfg)
                    summary = (f"Latest version of {ev['id']}" if is_latest
                               else f"Version {version} of {ev['id']}")
                    viewer = "" if plain else f'\n<SchemaViewer file="{schema_file}" />\n'
                    put(os.path.join(vdir, "index.mdx"), f"""---
id: {ev['id']}
name: {ev['id']}
version: {version}
summary: {summary}
owners:
  - {ev['team']}
  - {ev['user']}
badges:
  - content: {badge_word}
    backgroundColor: {colour}
    textColor: {colour}
schemaPath: {schema_file}
{f"x-compatibility: {compatibility}{chr(10)}" if compatibility else ""}---
## Overview
The `{ev['id']}` event is published by {svc['id']} on `{ev['channel']['id']}`. It carries
{len(fields)} fields ({sum(f['required'] for f in fields)} required); consumers must ignore fields they do
not know, since each version adds optional fields.

## When it is emitted
- After {svc['id']} commits the state change it describes.
- At most once per business transaction; consumers deduplicate on the payload id.
{viewer}{node_graph}""")
    return {"events": n_events, "versions": n_versions, "event_versions": n_versions * n_events,
            "services": n_services, "domains": n_domains, "channels": n_channels, "teams": n_teams,
            "users": n_users, **stats, "out": out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", "-n", type=int, required=True)
    ap.add_argument("--out", "-o", required=True)
    ap.add_argument("--versions", type=int, default=3, help="versions per event (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--avro-every", type=int, default=4,
                    help="every k-th event uses an Avro schema (default 4; 0 = JSON Schema only)")
    ap.add_argument("--draft2020-every", type=int, default=10,
                    help="every k-th event (not Avro) uses JSON Schema 2020-12, the others draft-07 "
                         "(default 10; 0 = draft-07 only)")
    ap.add_argument("--plain", action="store_true",
                    help="omit <NodeGraph/> and <SchemaViewer/> MDX components from bodies")
    ap.add_argument("--compatibility", default=None,
                    help="write this x-compatibility mode into every version (e.g. FULL_TRANSITIVE: every pair "
                         "of versions is checked in both directions)")
    a = ap.parse_args()
    print(json.dumps(generate(a.events, a.out, a.seed, a.versions, a.plain, a.avro_every,
                                 a.draft2020_every, a.compatibility)))


if __name__ == "__main__":
    main()
