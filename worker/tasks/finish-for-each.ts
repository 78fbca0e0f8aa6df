import type { Task } from "graphile-worker";
import { nodeJobPayloadSchema } from "../queue/node-job";
import { finishForEachWhenDone } from "../runs/store/finish-for-each";

/** A for-each's items may all have ended: if so, the for-each ends and its children are decided. */
export function makeFinishForEachTask(): Task {
  return async (rawPayload, helpers) => {
    const job = nodeJobPayloadSchema.parse(rawPayload);
    await helpers.withPgClient((client) => finishForEachWhenDone(client, job, new Date()));
  };
}
