"""AUTHOR: options from ``evcat init``, ``evcat new`` and ``evcat version`` -> files written into a catalog.

In: a target folder or a loaded ``Catalog`` (to find the service, domain or message named) and the user's
choices. Out: a ``Plan`` of what was (or, with ``--dry-run``, would be) created, edited or moved, in words.
The only package that writes into a catalog: every write is atomic (a temporary file or folder beside the
target, then a rename), nothing that exists is overwritten, and a frontmatter edit keeps the user's
formatting and comments (``ruamel.yaml`` round trip) and the MDX body byte for byte.

- ``scaffold.init_repository(folder)``: a catalog repository that validates and builds at once.
- ``skeletons.new_resource(...)``: a new resource folder, and its pointer in a service or domain.
- ``bump.bump_version(...)``: the current version into ``versioned/<old>/``, a new version written.
"""
