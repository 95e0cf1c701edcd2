-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "timezone" TEXT;
