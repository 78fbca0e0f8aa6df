import { z } from "zod";

export const SEND_EMAIL_TASK = "send_email";

/** One email, or every pending email of a digest window ending at `windowEnd`. */
export const sendEmailPayloadSchema = z.union([
  z.object({ emailId: z.string().min(1) }),
  z.object({ digestKey: z.string().min(1), windowEnd: z.string().datetime() }),
]);
export type SendEmailPayload = z.infer<typeof sendEmailPayloadSchema>;
