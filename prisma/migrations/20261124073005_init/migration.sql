-- CreateEnum
CREATE TYPE "OrgKind" AS ENUM ('provider', 'vendor', 'client');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'mitigated', 'resolved');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('sev1', 'sev2', 'sev3');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('client', 'it', 'vendor', 'coordinator', 'observer');

-- CreateEnum
CREATE TYPE "StepStatus" AS ENUM ('open', 'doing', 'blocked', 'done');

-- CreateEnum
CREATE TYPE "HandoffStatus" AS ENUM ('pending', 'accepted', 'declined', 'expired');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrgKind" NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "email" TEXT,
    "slackId" TEXT,
    "discordId" TEXT,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "itContactId" TEXT NOT NULL,
    "vendorContactIds" TEXT[],
    "monthlyFeeCents" INTEGER NOT NULL,
    "uptimeTarget" DOUBLE PRECISION NOT NULL,
    "creditTiers" JSONB NOT NULL,
    "runbook" TEXT,
    "fallback" TEXT,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "number" INTEGER NOT NULL,
    "siteId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "coordinatorId" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "rooms" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "openSiteKey" TEXT,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "Participant" (
    "incidentNumber" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "role" "ParticipantRole" NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("incidentNumber","personId")
);

-- CreateTable
CREATE TABLE "Step" (
    "incidentNumber" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "ownerSince" TIMESTAMP(3) NOT NULL,
    "status" "StepStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Step_pkey" PRIMARY KEY ("incidentNumber","number")
);

-- CreateTable
CREATE TABLE "Handoff" (
    "incidentNumber" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "stepNumber" INTEGER NOT NULL,
    "fromId" TEXT NOT NULL,
    "toId" TEXT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "status" "HandoffStatus" NOT NULL,
    "reason" TEXT,
    "proposedAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "Handoff_pkey" PRIMARY KEY ("incidentNumber","number")
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "incidentNumber" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "TimelineEvent_pkey" PRIMARY KEY ("incidentNumber","seq")
);

-- CreateTable
CREATE TABLE "ProcessedKey" (
    "key" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessedKey_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_slackId_key" ON "Person"("slackId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_discordId_key" ON "Person"("discordId");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_openSiteKey_key" ON "Incident"("openSiteKey");

-- CreateIndex
CREATE INDEX "Incident_status_idx" ON "Incident"("status");

-- CreateIndex
CREATE INDEX "Participant_personId_idx" ON "Participant"("personId");

-- CreateIndex
CREATE INDEX "Handoff_toId_status_idx" ON "Handoff"("toId", "status");

-- CreateIndex
CREATE INDEX "TimelineEvent_at_idx" ON "TimelineEvent"("at");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_incidentNumber_fkey" FOREIGN KEY ("incidentNumber") REFERENCES "Incident"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Step" ADD CONSTRAINT "Step_incidentNumber_fkey" FOREIGN KEY ("incidentNumber") REFERENCES "Incident"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handoff" ADD CONSTRAINT "Handoff_incidentNumber_fkey" FOREIGN KEY ("incidentNumber") REFERENCES "Incident"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_incidentNumber_fkey" FOREIGN KEY ("incidentNumber") REFERENCES "Incident"("number") ON DELETE CASCADE ON UPDATE CASCADE;
