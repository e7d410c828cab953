-- The part of the identity graph a batch's walks need, in one round trip instead of one query per hop: a
-- breadth-first walk with a visited set from every start, returning the links leaving each node closer than
-- max_hops (exactly what an exact walk of at most max_hops needs). The visited set is compared by EXCEPT, a hash
-- operation, so a hub with thousands of neighbours costs linear time, not quadratic.
CREATE FUNCTION bi.identity_neighbourhood(starts text[], max_hops integer)
RETURNS TABLE (a text, b text) LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
DECLARE
  frontier text[] := ARRAY(SELECT DISTINCT s FROM unnest(starts) AS s);
  seen text[] := frontier;
  hop integer := 0;
  from_nodes text[];
  to_nodes text[];
BEGIN
  WHILE hop < max_hops AND cardinality(frontier) > 0 LOOP
    SELECT array_agg(l.a), array_agg(l.b) INTO from_nodes, to_nodes FROM bi.identity_links l WHERE l.a = ANY(frontier);
    EXIT WHEN from_nodes IS NULL;
    RETURN QUERY SELECT * FROM unnest(from_nodes, to_nodes);
    frontier := ARRAY(SELECT x FROM unnest(to_nodes) AS x EXCEPT SELECT y FROM unnest(seen) AS y);
    seen := seen || frontier;
    hop := hop + 1;
  END LOOP;
END $$;
