-- CreateIndex
CREATE INDEX "Incident_rooms_idx" ON "Incident" USING GIN ("rooms" jsonb_path_ops);
