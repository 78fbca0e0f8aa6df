-- AlterTable
ALTER TABLE "NodeRun" ADD COLUMN     "groupOutput" TEXT;

-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN     "groups" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "WorkerGroupWaitNotice" (
    "runId" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "group" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkerGroupWaitNotice_pkey" PRIMARY KEY ("runId","generation","group")
);

-- AddForeignKey
ALTER TABLE "WorkerGroupWaitNotice" ADD CONSTRAINT "WorkerGroupWaitNotice_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
