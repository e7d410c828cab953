-- The bulk recompute (`tributary recompute`) reads every touchpoint, link and profile, computes every entity in
-- memory and writes what changed, in one transaction. An attribution written by a worker between that read and that
-- write would be overwritten with the older answer. So every attribution transaction takes a shared lock on the
-- recompute's key, with its entity locks, and the recompute takes it exclusively: it waits for the attributions in
-- flight to commit, and new ones wait for it (their data is already stored; they attribute once it has finished).
-- Shared locks do not wait for each other, and the wait is taken before the bounded wait for entity locks begins.
CREATE OR REPLACE FUNCTION bi.lock_entities(keys text[], wait_ms integer) RETURNS SETOF text
LANGUAGE plpgsql SET lock_timeout FROM CURRENT AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('tributary:recompute', 0));
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

CREATE FUNCTION bi.lock_recompute() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('tributary:recompute', 0));
$$;
