import type { Task } from "graphile-worker";
import { nodeJobPayloadSchema } from "../queue/node-job";
import { startForEach } from "../runs/store/start-for-each";

/** A for-each node became ready: its list resolved, its first items started (one transaction). */
export function makeStartForEachTask(): Task {
  return async (rawPayload, helpers) => {
    const job = nodeJobPayloadSchema.parse(rawPayload);
    await helpers.withPgClient((client) => startForEach(client, job, new Date()));
  };
}
