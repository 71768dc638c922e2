"""READ: catalog folder -> Catalog."""
