"""AsyncAPI import and export: an AsyncAPI 2.6/3.0/3.1 document in, catalog files out; a catalog service in,
an AsyncAPI 3.0 document out.

``source`` reads a document (bounded YAML or JSON) and resolves its local ``$ref``s through the catalog
reader; ``normalise`` turns 2.x and 3.x into one model (``model``); ``layout`` renders that model as
catalog files; ``writing`` writes them atomically, versioning what changed; ``importer`` runs an import and
``export`` builds a 3.0 document from a catalog service. See docs/asyncapi.md.
"""
