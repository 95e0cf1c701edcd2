-- CreateTable
CREATE TABLE "PlatformRef" (
    "platform" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformRef_pkey" PRIMARY KEY ("platform","key")
);
