-- AlterTable
ALTER TABLE "Automation" ADD COLUMN     "samplePayload" JSONB;
