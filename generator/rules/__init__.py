"""Rules: the registry of diagnostic codes and one module per rule family, each a pure function over
the catalog model that returns diagnostics."""
