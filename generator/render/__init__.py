"""RENDER: Catalog -> pages -> MkDocs."""
