-- CreateEnum
CREATE TYPE "NotifyBy" AS ENUM ('chat', 'email', 'both');

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "notify" "NotifyBy";
