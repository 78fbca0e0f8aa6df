-- CreateTable
CREATE TABLE "WebhookQuotaCounter" (
    "workspaceId" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "slot" INTEGER NOT NULL,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WebhookQuotaCounter_pkey" PRIMARY KEY ("workspaceId","windowStart","slot")
);

-- AddForeignKey
ALTER TABLE "WebhookQuotaCounter" ADD CONSTRAINT "WebhookQuotaCounter_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
