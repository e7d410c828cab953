-- The attribution locks of a batch's entities (entity-locks.ts), waited for in one global order — the locks' own
-- 64-bit keys — so that two batches sharing entities take turns and cannot deadlock. But not waited for without
-- end: a lock held longer than any batch takes means a stalled holder (a paused process, a connection the server
-- has not yet noticed is gone), and waiting for it would stall every batch that shares an entity with it. After
-- `wait_ms` the locks taken here are released with the failed block, the free ones are taken without waiting, and
-- the keys still held elsewhere are returned, for the caller to hand back.
CREATE FUNCTION bi.lock_entities(keys text[], wait_ms integer) RETURNS SETOF text
LANGUAGE plpgsql SET lock_timeout FROM CURRENT AS $$
BEGIN
  IF wait_ms <= 0 THEN RAISE EXCEPTION 'wait_ms must be positive (0 would mean: wait for ever)'; END IF;
  PERFORM set_config('lock_timeout', wait_ms::text, true);
  -- A volatile function in the select list runs after the ORDER BY, so the locks are taken in that order.
  PERFORM pg_advisory_xact_lock(l) FROM (SELECT DISTINCT hashtextextended(k, 0) AS l FROM unnest(keys) AS k) AS s ORDER BY l;
EXCEPTION WHEN lock_not_available THEN
  RETURN QUERY SELECT k FROM (SELECT DISTINCT k FROM unnest(keys) AS k) AS s WHERE NOT pg_try_advisory_xact_lock(hashtextextended(k, 0));
END $$;
