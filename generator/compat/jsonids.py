"""The JSON Schema difference ids and their class in each direction.

Ids are Confluent Schema Registry's (``SchemaDiff``/``Difference.Type``) where it has one; ``CONST_*``,
``FORMAT_*`` and ``REFERENCE_CHANGED`` are evcat's. Each id maps to (breaks readers, breaks writers):
whether readers on the new schema reject data valid under the old one (Confluent's BACKWARD verdict for
the id) and whether readers on the old schema reject data valid under the new one (the verdict of the
reverse difference, which is what Confluent's FORWARD check finds when it swaps the schemas).
"""

from __future__ import annotations

R, W, BOTH, SAFE = (True, False), (False, True), (True, True), (False, False)

UPPER_BOUNDS = {"maxLength": "MAX_LENGTH", "maximum": "MAXIMUM", "exclusiveMaximum": "EXCLUSIVE_MAXIMUM",
                "maxItems": "MAX_ITEMS", "maxProperties": "MAX_PROPERTIES", "maxContains": "MAX_CONTAINS"}
LOWER_BOUNDS = {"minLength": "MIN_LENGTH", "minimum": "MINIMUM", "exclusiveMinimum": "EXCLUSIVE_MINIMUM",
                "minItems": "MIN_ITEMS", "minProperties": "MIN_PROPERTIES", "minContains": "MIN_CONTAINS"}

FLAGS: dict[str, tuple[bool, bool]] = {
    "TITLE_CHANGED": SAFE, "DESCRIPTION_CHANGED": SAFE, "DEFAULT_CHANGED": SAFE,
    "SCHEMA_ADDED": R, "SCHEMA_REMOVED": W,
    "TYPE_EXTENDED": W, "TYPE_NARROWED": R, "TYPE_CHANGED": BOTH,
    "ENUM_ARRAY_EXTENDED": W, "ENUM_ARRAY_NARROWED": R, "ENUM_ARRAY_CHANGED": BOTH,
    "CONST_ADDED": R, "CONST_REMOVED": W, "CONST_CHANGED": BOTH,
    "FORMAT_ADDED": R, "FORMAT_REMOVED": W, "FORMAT_CHANGED": BOTH,
    "PATTERN_ADDED": R, "PATTERN_REMOVED": W, "PATTERN_CHANGED": BOTH,
    "MULTIPLE_OF_ADDED": R, "MULTIPLE_OF_REMOVED": W, "MULTIPLE_OF_EXPANDED": R, "MULTIPLE_OF_REDUCED": W,
    "MULTIPLE_OF_CHANGED": BOTH,
    "UNIQUE_ITEMS_ADDED": R, "UNIQUE_ITEMS_REMOVED": W,
    "REQUIRED_ATTRIBUTE_ADDED": R, "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED": SAFE, "REQUIRED_ATTRIBUTE_REMOVED": W,
    "ADDITIONAL_PROPERTIES_ADDED": W, "ADDITIONAL_PROPERTIES_EXTENDED": W,
    "ADDITIONAL_PROPERTIES_REMOVED": R, "ADDITIONAL_PROPERTIES_NARROWED": R,
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": R,
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL": R,
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": R,
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": SAFE,
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": BOTH,
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL": W,
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": W,
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL": W,
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": R,
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": SAFE,
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": SAFE,
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": BOTH,
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": SAFE,
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": BOTH,
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL": R, "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL": W,
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL": W, "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL": R,
    "SUM_TYPE_EXTENDED": W, "SUM_TYPE_NARROWED": R, "PRODUCT_TYPE_EXTENDED": R, "PRODUCT_TYPE_NARROWED": W,
    "COMBINED_TYPE_EXTENDED": W, "COMBINED_TYPE_CHANGED": BOTH, "COMBINED_TYPE_SUBSCHEMAS_CHANGED": BOTH,
    "REFERENCE_CHANGED": BOTH,
}
for _name in UPPER_BOUNDS.values():
    FLAGS.update({f"{_name}_ADDED": R, f"{_name}_REMOVED": W, f"{_name}_INCREASED": W, f"{_name}_DECREASED": R})
for _name in LOWER_BOUNDS.values():
    FLAGS.update({f"{_name}_ADDED": R, f"{_name}_REMOVED": W, f"{_name}_INCREASED": R, f"{_name}_DECREASED": W})

EFFECT = {R: "new readers reject data the old schema allowed", W: "old readers reject data the new schema allows",
          BOTH: "neither version accepts all of the other's data", SAFE: "both versions accept each other's data"}
