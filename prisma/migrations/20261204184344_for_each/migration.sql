-- AlterEnum
ALTER TYPE "NodeState" ADD VALUE 'partially_succeeded';

-- DropIndex
DROP INDEX "NodeRun_runId_nodeId_key";

-- AlterTable
ALTER TABLE "NodeRun" ADD COLUMN     "item" INTEGER NOT NULL DEFAULT -1;

-- CreateTable
CREATE TABLE "ForEachItem" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "value" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "output" JSONB,
    "generation" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ForEachItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ForEachItem_runId_nodeId_state_index_idx" ON "ForEachItem"("runId", "nodeId", "state", "index");

-- CreateIndex
CREATE INDEX "ForEachItem_workspaceId_idx" ON "ForEachItem"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "ForEachItem_runId_nodeId_index_key" ON "ForEachItem"("runId", "nodeId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "NodeRun_runId_nodeId_item_key" ON "NodeRun"("runId", "nodeId", "item");

-- AddForeignKey
ALTER TABLE "ForEachItem" ADD CONSTRAINT "ForEachItem_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForEachItem" ADD CONSTRAINT "ForEachItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A for-each node that partly succeeded is terminal too. Compared as text: a new enum
-- value may not be used as a value in the transaction that adds it.
CREATE OR REPLACE FUNCTION switchyard_node_open(state "NodeState") RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN state::text IN ('succeeded', 'failed', 'skipped', 'rejected', 'cancelled', 'partially_succeeded') THEN 0 ELSE 1 END
$$;
