"""Live drift: real messages (capture files, or a live AMQP sample) in, findings and a per-message summary out.

``sources`` turns kcat ``-C -J`` records, EventBridge events, webhook deliveries and plain NDJSON into
``Observed`` messages, one line at a time; ``amqp`` samples an exchange through a private queue;
``channels`` matches a message to catalog channels (parameters bound) and candidate messages; ``verdict``
checks a payload against every version of its candidates (inside the channel's envelope); ``summary``
counts what was seen; ``run`` is the whole ``evcat check-messages`` stage → ``Outcome``.
"""
