-- The attribution locks of a batch's entities (entity-locks.ts). With `wait_ms` > 0 they are waited for in one
-- global order — the locks' own 64-bit keys — so that two batches sharing entities take turns and cannot deadlock;
-- but not without end: a lock held longer than any batch takes means a stalled holder (a paused process, a
-- connection the server has not yet noticed is gone), and waiting for it would stall every batch that shares an
-- entity with it. Past `wait_ms` (or at once with 0) the locks that are free are taken without waiting, and the
-- keys still held elsewhere are returned, for the caller to hand back.
CREATE FUNCTION bi.lock_entities(keys text[], wait_ms integer) RETURNS SETOF text
LANGUAGE plpgsql SET lock_timeout FROM CURRENT AS $$
BEGIN
  IF wait_ms > 0 THEN
    BEGIN
      PERFORM set_config('lock_timeout', wait_ms::text, true);
      -- A volatile function in the select list runs after the ORDER BY, so the locks are taken in that order.
      PERFORM pg_advisory_xact_lock(l) FROM (SELECT DISTINCT hashtextextended(k, 0) AS l FROM unnest(keys) AS k) AS s ORDER BY l;
      RETURN;
    EXCEPTION WHEN lock_not_available THEN
      NULL; -- the locks this block took are released with it
    END;
  END IF;
  RETURN QUERY SELECT k FROM (SELECT DISTINCT k FROM unnest(keys) AS k) AS s WHERE NOT pg_try_advisory_xact_lock(hashtextextended(k, 0));
END $$;
