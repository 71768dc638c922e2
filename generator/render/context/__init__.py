"""Page contexts — one module per page kind: a resource in, the ready context its template presents out.

``messages``: events, commands and queries (versions, schema, examples, snippets, change pages);
``resources``: domains, services, channels, flows, teams and people. Templates never compute: whatever
they show is in the context already, escaped for where it lands.
"""
