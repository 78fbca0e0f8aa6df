-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "noticedGeneration" INTEGER NOT NULL DEFAULT 0;
