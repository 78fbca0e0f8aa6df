-- AlterTable
ALTER TABLE "Automation" ADD COLUMN     "webhookSecret" TEXT;

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "runId" TEXT,
    "handledAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookEvent_workspaceId_idx" ON "WebhookEvent"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_automationId_dedupeKey_key" ON "WebhookEvent"("automationId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The intake process caches each webhook's configuration (automation, trigger, secret)
-- and drops an entry when it hears its automation's id on this channel: when a version is
-- saved, the token rotated, the secret changed or the automation deleted. Status is not
-- cached (intake reads it in the statement that stores the event), so pausing needs none.
CREATE FUNCTION switchyard_notify_webhook_config() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'AutomationVersion' THEN
    PERFORM pg_notify('switchyard_webhook_config', NEW."automationId");
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('switchyard_webhook_config', OLD.id);
  ELSE
    PERFORM pg_notify('switchyard_webhook_config', NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Automation_webhook_config_changed"
  AFTER UPDATE OF "webhookToken", "webhookSecret" OR DELETE ON "Automation"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_webhook_config();

CREATE TRIGGER "AutomationVersion_webhook_config_changed"
  AFTER INSERT ON "AutomationVersion"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_webhook_config();
