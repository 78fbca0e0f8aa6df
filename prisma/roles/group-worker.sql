-- The least a worker of a named worker group needs (docs/deploy.md, "Worker groups"):
-- its steps' claim and record transactions, the queue, heartbeats, and the connections
-- its steps call through. No accounts, sessions, API keys, webhook secrets or emails.
-- Run as the database owner after migrating; then give each group's login this role:
--   CREATE ROLE eu_onprem_worker LOGIN PASSWORD '...' IN ROLE switchyard_group_worker;
-- A table added by a later migration is not granted here unless listed: re-run it after
-- an upgrade (it is idempotent).
DO $$ BEGIN
  CREATE ROLE switchyard_group_worker NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

GRANT USAGE ON SCHEMA public TO switchyard_group_worker;
-- Which migrations ran (a group worker checks the schema, it never migrates it).
GRANT SELECT ON "_prisma_migrations" TO switchyard_group_worker;
-- The step's version (its graph) and run: the run row is locked (row locks need
-- UPDATE) while a result is recorded, its counters and outcome written.
GRANT SELECT ON "AutomationVersion" TO switchyard_group_worker;
GRANT SELECT, UPDATE ON "Run" TO switchyard_group_worker;
-- Steps, their attempts, and for-each items (the next item's steps start on record).
GRANT SELECT, INSERT, UPDATE ON "NodeRun", "ForEachItem" TO switchyard_group_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON "Attempt" TO switchyard_group_worker;
-- Liveness: its own heartbeat row, and the sweep of silent workers' rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON "WorkerHeartbeat" TO switchyard_group_worker;
-- Steps that call through a connection: its (encrypted) credentials, their refresh, its
-- limits, and telling the owner when it breaks.
GRANT SELECT, UPDATE ON "Connection" TO switchyard_group_worker;
GRANT SELECT, INSERT, UPDATE ON "ConnectionBudget" TO switchyard_group_worker;
GRANT SELECT, INSERT ON "Notification" TO switchyard_group_worker;

-- The queue: graphile-worker takes, completes and adds jobs in its own schema.
GRANT USAGE ON SCHEMA graphile_worker TO switchyard_group_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker
  TO switchyard_group_worker;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO switchyard_group_worker;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO switchyard_group_worker;
-- graphile-worker turns on row-level security for its private tables, so that only their
-- owner sees rows: a policy lets this role see and change them too.
DO $$
DECLARE t regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_policy
                   WHERE polrelid = t AND polname = 'switchyard_group_worker') THEN
      EXECUTE format('CREATE POLICY switchyard_group_worker ON %s TO switchyard_group_worker '
                     'USING (true) WITH CHECK (true)', t);
    END IF;
  END LOOP;
END $$;
