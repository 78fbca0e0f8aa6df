-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "sealedLinks" TEXT;

-- Emails written before this kept approval and retry links in their bodies, readable by
-- every member of the workspace in the mailbox. Those already sent lose the links (SMTP
-- recipients have them; a request still waiting is decided on the Approvals page too);
-- pending ones keep them until they are sent.
UPDATE "OutboxEmail"
SET text = regexp_replace(text, 'https?://[^[:space:]"<>]*/(approvals/t|r/retry)/[A-Za-z0-9_.-]+', '[link hidden]', 'g'),
    html = regexp_replace(html, 'https?://[^[:space:]"<>]*/(approvals/t|r/retry)/[A-Za-z0-9_.-]+', 'https://secret-link.invalid/hidden', 'g')
WHERE status <> 'pending';
