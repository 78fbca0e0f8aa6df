import { z } from "zod";

export const workerGroup = z
  .object({
    group: z.string().meta({ description: 'The group\'s name; "default" for steps naming none' }),
    workersAlive: z
      .number()
      .int()
      .meta({ description: "Worker processes with a recent heartbeat" }),
    stepsReady: z
      .number()
      .int()
      .meta({ description: "Steps due, waiting for a worker of the group" }),
    stepsRunning: z.number().int().meta({ description: "Steps being run by the group's workers" }),
  })
  .meta({ id: "WorkerGroup" });

export const workerGroupList = z.object({ groups: z.array(workerGroup) });
