-- "openNodes" counts the run's own nodes (item -1) only. A for-each node stays open
-- while its items run, so the steps of its body (item >= 0) never decide whether the
-- run settles; leaving them out means recording a body step does not write the run row,
-- and the items of a for-each hand their slots on side by side instead of one at a time
-- under the run-row lock (docs/architecture.md, "For-each items").
CREATE OR REPLACE FUNCTION switchyard_count_inserted_open_nodes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Run" AS r SET "openNodes" = r."openNodes" + d.delta
  FROM (
    SELECT "runId", sum(switchyard_node_open(state))::int AS delta
    FROM new_rows WHERE item = -1 GROUP BY 1
  ) AS d
  WHERE r.id = d."runId" AND d.delta <> 0;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION switchyard_count_updated_open_nodes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Run" AS r SET "openNodes" = r."openNodes" + d.delta
  FROM (
    SELECT n."runId", sum(switchyard_node_open(n.state) - switchyard_node_open(o.state))::int AS delta
    FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
    WHERE n.item = -1
    GROUP BY 1
  ) AS d
  WHERE r.id = d."runId" AND d.delta <> 0;
  RETURN NULL;
END
$$;

-- What the counter would hold had it always counted so.
UPDATE "Run" AS r SET "openNodes" = (
  SELECT count(*)::int FROM "NodeRun" AS n
  WHERE n."runId" = r.id AND n.item = -1 AND switchyard_node_open(n.state) = 1
)
WHERE r."openNodes" <> 0;
