-- CreateEnum
CREATE TYPE "DeadlineStatus" AS ENUM ('pending', 'fired', 'cancelled');

-- CreateTable
CREATE TABLE "Deadline" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "incidentNumber" INTEGER,
    "handoffNumber" INTEGER,
    "status" "DeadlineStatus" NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Deadline_status_at_idx" ON "Deadline"("status", "at");
