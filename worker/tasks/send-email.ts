import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import type { KeyRing } from "../connections/crypto";
import { loadMailConfig } from "../mail/mail-config";
import { sendEmailPayloadSchema } from "../mail/send-email-job";
import { sendOutbox } from "../mail/send-outbox";
import { smtpTransport } from "../mail/smtp-transport";

/** Sends outbox emails over SMTP_URL, or keeps them for the local mailbox when unset. */
export function makeSendEmailTask(prisma: PrismaClient, ring: KeyRing): Task {
  const config = loadMailConfig();
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  return async (rawPayload) => {
    await sendOutbox(
      {
        prisma,
        transport,
        ring,
        from: config.from,
        now: () => new Date(),
        afterAccept: config.killAfterAccept
          ? () => process.kill(process.pid, "SIGKILL")
          : undefined,
      },
      sendEmailPayloadSchema.parse(rawPayload),
    );
  };
}
