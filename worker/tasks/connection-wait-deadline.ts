import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import { nodeJobPayloadSchema } from "../queue/node-job";
import { expireConnectionWait } from "../runs/expire-connection-wait";

/** R8: fails a node whose connection was not repaired in time. */
export function makeConnectionWaitDeadlineTask(prisma: PrismaClient): Task {
  return async (rawPayload) => {
    const job = nodeJobPayloadSchema.parse(rawPayload);
    await prisma.$transaction((tx) => expireConnectionWait(tx, job, new Date()));
  };
}
