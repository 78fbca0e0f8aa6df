-- CreateEnum
CREATE TYPE "RateWindow" AS ENUM ('second', 'minute');

-- AlterEnum
ALTER TYPE "NodeState" ADD VALUE 'waiting_rate_limit';

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "maxConcurrent" INTEGER,
ADD COLUMN     "rateLimitCount" INTEGER,
ADD COLUMN     "rateLimitWindow" "RateWindow";

-- CreateTable
CREATE TABLE "ConnectionBudget" (
    "connectionId" TEXT NOT NULL,
    "attempts" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "ConnectionBudget_pkey" PRIMARY KEY ("connectionId")
);

-- AddForeignKey
ALTER TABLE "ConnectionBudget" ADD CONSTRAINT "ConnectionBudget_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Takes a slot of a limited connection for an attempt about to call its provider, the same
-- way for every worker: the budget row stays locked until the claiming statement commits,
-- and each query below sees what the claims before it committed. Returns NULL when the
-- call may go, else when to ask again. Only the workspace's own connection counts (a
-- graph cannot spend another tenant's budget). `replaced` is the attempt the claim closes
-- (its worker died), which holds no slot any more. `at` is for tests; by default the
-- database clock, read once the row is locked.
--
-- Concurrency: the attempts let through that are still open and still their node's
-- current attempt, so an attempt of a dead worker or of a cancelled step frees its slot
-- without anyone recording it; a full connection is asked again after 200 ms.
-- Rate: at most `count` calls in any window of the span, where a call counts from when
-- it was let through until one span after its attempt ended. A provider counts calls as
-- they arrive, which is after they are let through and before their attempt ends, so
-- however late a call arrives, the provider never sees more than `count` in a window.
CREATE FUNCTION switchyard_take_connection_slot(
  connection_id text,
  workspace_id text,
  attempt_id text,
  replaced text,
  at timestamp(3) DEFAULT NULL
) RETURNS timestamp(3)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  lim record;
  held text[];
  running integer;
  frees timestamp(3)[];
  wait timestamp(3);
BEGIN
  SELECT "maxConcurrent" AS max, "rateLimitCount" AS count,
         CASE "rateLimitWindow" WHEN 'minute' THEN interval '1 minute'
                                ELSE interval '1 second' END AS span
    INTO lim FROM "Connection" WHERE id = connection_id AND "workspaceId" = workspace_id;
  IF NOT FOUND OR (lim.max IS NULL AND lim.count IS NULL) THEN
    RETURN NULL;
  END IF;
  INSERT INTO "ConnectionBudget" ("connectionId") VALUES (connection_id) ON CONFLICT DO NOTHING;
  SELECT attempts INTO held FROM "ConnectionBudget" WHERE "connectionId" = connection_id FOR UPDATE;
  -- Truncated, not rounded: never later than the moment the call is let through.
  at := COALESCE(at, date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC'));

  -- The attempts that still count, how many of them run, and when each frees its rate
  -- slot at the earliest (a running one: one span from now).
  SELECT COALESCE(array_agg(h.id), '{}'), count(*) FILTER (WHERE h.running),
         COALESCE(array_agg(COALESCE(h.ended, at) + lim.span ORDER BY COALESCE(h.ended, at)), '{}')
    INTO held, running, frees
  FROM (
    SELECT a.id, a."endedAt" AS ended,
           a."endedAt" IS NULL AND n.state = 'running' AND n."currentAttemptId" = a.id AS running
    FROM "Attempt" AS a JOIN "NodeRun" AS n ON n.id = a."nodeRunId"
    WHERE a.id = ANY(held) AND a.id IS DISTINCT FROM replaced
  ) AS h
  WHERE h.running OR (lim.count IS NOT NULL AND h.ended > at - lim.span);

  IF running >= lim.max THEN
    wait := at + interval '200 milliseconds';
  END IF;
  IF cardinality(held) >= lim.count THEN
    wait := GREATEST(wait, frees[cardinality(held) - lim.count + 1]);
  END IF;
  IF wait IS NULL THEN
    held := held || attempt_id;
  END IF;
  UPDATE "ConnectionBudget" SET attempts = held WHERE "connectionId" = connection_id;
  RETURN wait;
END
$$;
