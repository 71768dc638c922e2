"""CHECK — a ``Catalog`` in, ``Diagnostic``s out: one module per rule family, each a pure function.

``shape`` (EC1xx frontmatter shape), ``schemas`` (EC3xx schema files), ``examples`` (EC4xx payloads
against their schemas), ``bodies`` (EC6xx what MDX bodies name); ``checks`` runs the families over the
catalog (in parallel on large ones); ``validate`` is the whole validate run: load, check, overrides.
Reference findings (EC2xx) come from assembling the catalog. The codes themselves are registered in
``generator.diagnostics.codes``.
"""
