import { z } from "zod";

/** Decides a request nobody decided by its deadline (R9: reject by default). */
export const APPROVAL_EXPIRY_TASK = "approval_expiry";

export const approvalExpiryPayloadSchema = z.object({ requestId: z.string().min(1) });
