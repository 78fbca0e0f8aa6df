import type { TaskList } from "graphile-worker";
import type { RunNodeDeps } from "./run-node";
import { makeRunNodeTask } from "./run-node";
import { makeConnectionWaitDeadlineTask } from "./connection-wait-deadline";
import { CONNECTION_WAIT_DEADLINE_TASK, RUN_NODE_TASK } from "../queue/node-job";

export type TaskDeps = RunNodeDeps;

/** Every graphile-worker task this product runs: one line per task. */
export function buildTaskList(deps: TaskDeps): TaskList {
  return {
    [RUN_NODE_TASK]: makeRunNodeTask(deps),
    [CONNECTION_WAIT_DEADLINE_TASK]: makeConnectionWaitDeadlineTask(deps.prisma),
  };
}
