-- What the RabbitMQ bus needs from the store.

-- The transactional outbox of the production bus: a handler's publishes commit with its writes; a relay in any
-- process publishes them to the exchange with confirms and deletes them (SKIP LOCKED: relays never collide).
CREATE TABLE bi.relay_outbox (
  id         bigserial PRIMARY KEY,
  message_id text NOT NULL,
  topic      text NOT NULL,
  payload    text NOT NULL,
  deliver_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Consumer idempotency: RabbitMQ delivers at least once (an ack lost after the handler committed means a
-- redelivery), so each queue records the message ids it has handled, in the handler's transaction.
CREATE TABLE bi.consumed_messages (
  queue       text NOT NULL,
  message_id  text NOT NULL,
  consumed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (queue, message_id)
);
CREATE INDEX consumed_messages_age_idx ON bi.consumed_messages (consumed_at);
