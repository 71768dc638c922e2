"""Schema files as data: load JSON/YAML with positions, parse and lint Avro and JSON Schema, check example
payloads, list fields for the viewer, and build sample payloads.

Pure functions over text and data; results are the plain values of ``model`` (never ``Diagnostic``s —
the rules layer maps them to codes). Import from the modules (``generator.schemas.avro`` …): this package
re-exports nothing, so importing the Avro side does not pay for jsonschema's import.
"""
