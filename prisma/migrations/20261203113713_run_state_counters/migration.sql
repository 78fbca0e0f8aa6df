-- AlterTable
ALTER TABLE "NodeRun" ADD COLUMN     "attemptCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "openNodes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "settledGeneration" INTEGER NOT NULL DEFAULT 0;

-- Backfill what the columns would hold had they always existed.
UPDATE "Run" SET "settledGeneration" = generation WHERE status <> 'running';

UPDATE "NodeRun" AS n SET "attemptCount" = c.attempts
FROM (SELECT "nodeRunId", generation, count(*)::int AS attempts FROM "Attempt" GROUP BY 1, 2) AS c
WHERE c."nodeRunId" = n.id AND c.generation = n.generation;

UPDATE "Run" AS r SET "openNodes" = c.open
FROM (
  SELECT "runId", count(*)::int AS open FROM "NodeRun"
  WHERE state NOT IN ('succeeded', 'failed', 'skipped', 'rejected', 'cancelled')
  GROUP BY 1
) AS c
WHERE c."runId" = r.id;

-- "openNodes" is kept by the database itself, so every path that moves a node (the
-- worker's SQL, the app's Prisma calls, cancel, retry) keeps it right. Statement-level
-- triggers with transition tables: one UPDATE of "Run" per statement and run, and none
-- when no node entered or left a terminal state (a claim, a resume).
CREATE FUNCTION switchyard_node_open(state "NodeState") RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN state IN ('succeeded', 'failed', 'skipped', 'rejected', 'cancelled') THEN 0 ELSE 1 END
$$;

CREATE FUNCTION switchyard_count_inserted_open_nodes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Run" AS r SET "openNodes" = r."openNodes" + d.delta
  FROM (SELECT "runId", sum(switchyard_node_open(state))::int AS delta FROM new_rows GROUP BY 1) AS d
  WHERE r.id = d."runId" AND d.delta <> 0;
  RETURN NULL;
END
$$;

CREATE FUNCTION switchyard_count_updated_open_nodes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Run" AS r SET "openNodes" = r."openNodes" + d.delta
  FROM (
    SELECT n."runId", sum(switchyard_node_open(n.state) - switchyard_node_open(o.state))::int AS delta
    FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
    GROUP BY 1
  ) AS d
  WHERE r.id = d."runId" AND d.delta <> 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER "NodeRun_count_inserted_open_nodes"
AFTER INSERT ON "NodeRun" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION switchyard_count_inserted_open_nodes();

CREATE TRIGGER "NodeRun_count_updated_open_nodes"
AFTER UPDATE ON "NodeRun" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION switchyard_count_updated_open_nodes();
