import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import { loadWorkerConfig } from "../../../worker/config";
import { createConnectionAccess } from "../../../worker/connections/connection-access";
import { findReferences } from "../../../worker/engine/templates";
import { AppError } from "../../../worker/errors";
import { performAttempt } from "../../../worker/tasks/perform-attempt";
import type { Actor } from "../../_lib/actor-type";
import { keyRing } from "../../_lib/key-ring";
import type { testStepBody, testStepResult } from "../../api/v1/_schemas/automations";
import { runData, type RunData } from "./test-step-run-data";

type TestStepInput = z.output<typeof testStepBody>;
type TestStepResult = z.output<typeof testStepResult>;

/**
 * The builder's "Test step": one action node run now, through the same connector code,
 * credentials and egress guard as a run's attempt (performAttempt), with the sample
 * payload or an earlier run's data (inside a for-each, one of its items). Nothing is
 * written to any run; each test has its own idempotency key, so the provider sees a new
 * request every time.
 */
export async function testStep(
  prisma: PrismaClient,
  actor: Actor,
  input: TestStepInput,
  signal: AbortSignal,
): Promise<TestStepResult> {
  const { node, source } = input;
  if (node.type !== "action" || !node.action) {
    throw new AppError("invalid_input", "Only action steps can be tested: choose an action first.");
  }
  if (node.runsOn) {
    // Its data lives where its group's workers are; the web app is not there.
    throw new AppError(
      "invalid_input",
      `This step runs on the worker group ${node.runsOn}, so it can be tried only in a run there.`,
    );
  }
  const data: RunData =
    source.kind === "run" ? await runData(prisma, actor, source, node.id) : source;
  const referenced = findReferences(node.input ?? {}).flatMap((r) =>
    r.source === "step" ? [r.nodeId] : [],
  );
  const missingSteps = [...new Set(referenced)].filter((id) => !(id in data.steps));
  const config = loadWorkerConfig();
  const connections = createConnectionAccess({ prisma, ring: await keyRing() });
  const started = performance.now();
  const outcome = await performAttempt(
    {
      node,
      data: { trigger: data.payload, steps: data.steps, item: data.item },
      workspaceId: actor.workspaceId,
      idempotencyKey: `test-step:${randomUUID()}`,
    },
    signal,
    config,
    connections,
  );
  const durationMs = Math.round(performance.now() - started);
  const item = data.testedItem === undefined ? {} : { item: data.testedItem };
  if (outcome.kind === "wait_connection") {
    return {
      ok: false,
      errorClass: "connection_broken",
      message: `The connection needs reconnecting before this step can run: ${outcome.message}`,
      httpStatus: outcome.httpStatus,
      durationMs,
      missingSteps,
      ...item,
    };
  }
  const { result } = outcome;
  return result.ok
    ? { ok: true, output: result.output, durationMs, missingSteps, ...item }
    : {
        ok: false,
        errorClass: result.error.errorClass,
        message: result.error.message,
        httpStatus: result.error.httpStatus,
        durationMs,
        missingSteps,
        ...item,
      };
}
