from __future__ import annotations

from generator.asyncapi.normalise import normalise
from generator.asyncapi.source import load_source

V2 = """asyncapi: 2.6.0
info: {title: Lights, version: 2.0.0}
servers: {prod: {url: 'mqtt://broker.example.com/base', protocol: mqtt, security: [{user: []}]}}
channels:
  lights/{id}/on:
    parameters: {id: {description: Light id, schema: {type: string, enum: [a, b]}}}
    publish: {operationId: turnOn, message: {$ref: '#/components/messages/TurnOn'}}
    subscribe: {operationId: reportOn, message: {messageId: LightOn, payload: {type: object}}}
components:
  messages:
    TurnOn: {x-eventcatalog-message-type: command, x-eventcatalog-message-version: 1.2.3,
             schemaFormat: 'application/vnd.apache.avro;version=1.9.0',
             payload: {type: record, name: TurnOn, fields: []}}
"""


def test_v2_publish_is_received_and_subscribe_is_sent(tmp_path):
    (tmp_path / "doc.yaml").write_text(V2)
    service = normalise(load_source(tmp_path / "doc.yaml"))
    actions = {op.key: (op.action, op.messages) for op in service.operations}
    assert actions == {"turnOn": ("receive", ["TurnOn"]), "reportOn": ("send", ["LightOn"])}


def test_v2_channel_parameters_servers_and_message_hints(tmp_path):
    (tmp_path / "doc.yaml").write_text(V2)
    service = normalise(load_source(tmp_path / "doc.yaml"))
    channel = service.channels["lights-id-on"]
    assert channel.address == "lights/{id}/on"
    assert channel.parameters == {"id": {"enum": ["a", "b"], "description": "Light id"}}
    assert channel.protocols == ["mqtt"]
    message = service.messages["TurnOn"]
    assert (message.kind, message.version, message.schema_kind) == ("command", "1.2.3", "avro")
    assert service.messages["LightOn"].version == "2.0.0"  # from info.version
    assert service.kept["servers"]["prod"] == {
        "host": "broker.example.com", "pathname": "/base", "protocol": "mqtt",
        "security": [{"$ref": "#/components/securitySchemes/user"}]}


def test_v3_operation_without_messages_takes_all_of_the_channel(tmp_path):
    (tmp_path / "doc.yaml").write_text("""asyncapi: 3.1.0
info: {title: T, version: 1.0.0}
channels:
  c: {address: null, messages: {a: {payload: {type: string}}, b: {payload: {type: integer}}}}
operations:
  o: {action: send, channel: {$ref: '#/channels/c'}}
""")
    service = normalise(load_source(tmp_path / "doc.yaml"))
    assert service.operations[0].messages == ["a", "b"]
    assert service.channels["c"].address is None
