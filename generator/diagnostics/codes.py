"""The rule registry: every diagnostic code evcat can emit, with its default severity.

Codes are ``EC`` + 3 digits and are never reused. Families: EC0 I/O and syntax, EC1 frontmatter shape,
EC2 references, EC3 schema files, EC4 examples, EC5 compatibility and versioning, EC6 rendering, EC7 live messages
(``evcat check-messages``).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Diagnostic, Severity

FAMILIES: dict[str, str] = {
    "EC0": "I/O and syntax",
    "EC1": "Frontmatter shape",
    "EC2": "References",
    "EC3": "Schema files",
    "EC4": "Examples",
    "EC5": "Compatibility and versioning",
    "EC6": "Rendering",
    "EC7": "Live messages (check-messages)",
}


@dataclass(frozen=True)
class Rule:
    """A registered check: its code, a slug, a one-line summary and its default severity."""

    code: str
    slug: str
    summary: str
    severity: Severity

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def anchor(self) -> str:
        """The anchor of this rule's section in docs/rules.md."""
        return f"{self.code.lower()}-{self.slug}"

    def __call__(self, message: str, **where) -> Diagnostic:
        """Create a finding of this rule, e.g. ``UNKNOWN_OWNER("unknown owner 'x'", file=..., hint=...)``."""
        return Diagnostic(code=self.code, severity=self.severity, message=message, **where)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_RULES = [
    # EC0 — I/O and syntax
    Rule("EC001", "unreadable-file", "A catalog file cannot be read", E),
    Rule("EC002", "not-utf8", "A catalog file is not valid UTF-8", E),
    Rule("EC003", "missing-frontmatter", "A resource file has no frontmatter fence", E),
    Rule("EC004", "unclosed-frontmatter", "The frontmatter fence is opened but never closed", E),
    Rule("EC005", "yaml-syntax", "The frontmatter or a YAML file is not valid YAML", E),
    Rule("EC006", "duplicate-key", "A mapping repeats a key; all but the last value would be lost", E),
    Rule("EC007", "unrecognised-file", "A file sits where a resource folder is expected", W),
    Rule("EC008", "frontmatter-not-mapping", "The frontmatter is not a mapping of keys to values", E),
    Rule("EC009", "outside-catalog", "A file the catalog names leads outside the catalog folder", E),
    Rule("EC010", "not-regular-file", "A file the catalog names is a folder, FIFO, device or socket", E),
    Rule("EC011", "file-too-large", "A file the catalog names is over the size limit and is not read", E),
    # EC1 — frontmatter shape
    Rule("EC101", "missing-required-field", "A required frontmatter field is missing or empty", E),
    Rule("EC102", "wrong-type", "A frontmatter field has the wrong type", E),
    Rule("EC103", "invalid-badge", "A badge lacks content or colours", E),
    Rule("EC104", "invalid-semver", "A version is not semantic versioning", W),
    Rule("EC105", "unknown-field", "An unknown top-level frontmatter key that does not start with x-", E),
    Rule("EC106", "invalid-enum-value", "A field has a value outside its allowed set", E),
    Rule("EC107", "unknown-nested-field", "An unknown key inside a nested frontmatter object", W),
    Rule("EC108", "version-folder-mismatch", "A versioned/<v>/ folder name differs from its version", W),
    Rule("EC109", "computed-field", "A field EventCatalog computes is written by hand and ignored", W),
    Rule("EC110", "legacy-message-channels", "A message declares channels (pre-v3); move them to services", W),
    Rule("EC111", "address-parameter-mismatch", "Channel address placeholders and parameters differ", W),
    Rule("EC112", "invalid-id", "An id cannot name a page: '.', '..', a slash, a control character or too long", E),
    # EC2 — references
    Rule("EC201", "unknown-owner", "An owner is neither a team nor a user", E),
    Rule("EC202", "unknown-message", "A pointer names a message that does not exist", E),
    Rule("EC203", "unknown-channel", "A pointer names a channel that does not exist", E),
    Rule("EC204", "unknown-service", "A pointer names a service that does not exist", E),
    Rule("EC205", "unknown-domain", "A pointer names a domain that does not exist", E),
    Rule("EC206", "version-not-found", "A pointer's version or range matches no version", E),
    Rule("EC207", "duplicate-version", "Two resources share the same id and version", E),
    Rule("EC208", "unknown-channel-parameter", "A channel pointer binds a parameter the channel lacks", E),
    Rule("EC209", "parameter-value-not-allowed", "A channel parameter value is outside its enum", E),
    Rule("EC210", "message-without-producer", "No service or domain sends this message", W),
    Rule("EC211", "unknown-resource", "A pointer names a resource that does not exist", E),
    Rule("EC212", "unknown-user", "A team member is not a known user", E),
    Rule("EC213", "colliding-ids", "Ids that differ only by case or punctuation would share one page", E),
    # EC3 — schema files
    Rule("EC301", "schema-file-missing", "A schema file named by the message does not exist", E),
    Rule("EC302", "schema-path-escapes", "A schema path points outside the catalog folder", E),
    Rule("EC303", "invalid-avro", "An Avro schema does not parse", E),
    Rule("EC304", "invalid-json-schema", "A JSON Schema fails its meta-schema", E),
    Rule("EC305", "unresolvable-ref", "A $ref cannot be resolved locally", E),
    Rule("EC306", "unparsable-schema", "A schema file is not valid JSON or YAML", E),
    Rule("EC307", "unchecked-schema-format", "A schema format evcat cannot check (e.g. Protobuf)", INFO),
    Rule("EC308", "invalid-envelope", "A channel's x-envelope is incomplete or wrong", E),
    # EC4 — examples
    Rule("EC401", "example-mismatch", "An example payload does not match the message schema", E),
    Rule("EC402", "example-unknown-field", "An example has a field the Avro schema does not declare", E),
    Rule("EC403", "unparsable-example", "An example payload is not valid JSON or YAML", E),
    Rule("EC404", "example-config-mismatch", "examples.config names a missing file, or a file has no entry", W),
    Rule("EC405", "envelope-mismatch", "An example's envelope does not match the channel's envelope schema", E),
    # EC5 — compatibility and versioning
    Rule("EC501", "breaking-change-needs-major", "A change breaks the compatibility mode with too small a bump", E),
    Rule("EC502", "breaking-change", "A change breaks the compatibility mode; its major bump allows it", INFO),
    Rule("EC503", "major-bump-without-change", "A major bump whose schema has no change beyond documentation", W),
    Rule("EC504", "invalid-compatibility-mode", "x-compatibility is not a compatibility mode", E),
    # EC6 — rendering
    Rule("EC601", "unsupported-component", "An MDX component evcat cannot render", W),
    Rule("EC602", "template-error", "A page template failed to render", E),
    Rule("EC603", "unresolved-link", "A resource link in the body points at nothing", E),
    # EC7 — live messages (evcat check-messages)
    Rule("EC701", "undocumented-channel", "A message travelled on a channel the catalog does not document", E),
    Rule("EC702", "undocumented-message", "A message on a known channel is none of the messages documented there", E),
    Rule("EC703", "payload-mismatch", "A message's payload matches no version of its catalog message", E),
    Rule("EC704", "producer-lags", "A message matches only an older version than the latest", W),
    Rule("EC705", "enum-value-not-allowed", "A field or channel parameter has a value outside its enum", E),
    Rule("EC706", "unreadable-message", "A captured line or delivery is not a message evcat can check", E),
    Rule("EC707", "message-too-long", "A captured line or delivery is longer than the limit", E),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def rule(code: str) -> Rule:
    """The registered rule for ``code``; raises KeyError for an unregistered code."""
    return RULES[code]
