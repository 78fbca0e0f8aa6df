-- CreateTable
CREATE TABLE "RunGeneration" (
    "runId" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "plan" JSONB,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunGeneration_pkey" PRIMARY KEY ("runId","generation")
);

-- CreateIndex
CREATE INDEX "RunGeneration_workspaceId_idx" ON "RunGeneration"("workspaceId");

-- AddForeignKey
ALTER TABLE "RunGeneration" ADD CONSTRAINT "RunGeneration_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunGeneration" ADD CONSTRAINT "RunGeneration_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunGeneration" ADD CONSTRAINT "RunGeneration_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AutomationVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every generation so far ran on its run's one version.
INSERT INTO "RunGeneration" ("runId", generation, "workspaceId", "versionId", "startedAt")
SELECT r.id, g, r."workspaceId", r."versionId", r."startedAt"
FROM "Run" AS r, generate_series(1, r.generation) AS g;
