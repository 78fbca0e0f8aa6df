import { createHash } from "node:crypto";
import type { Task } from "graphile-worker";
import { z } from "zod";
import type { Prisma, PrismaClient } from "../../prisma/client";
import type { WorkerConfig } from "../config";
import type { ConnectionAccess } from "../connections/connection-access";
import { DEFAULT_POLL_INTERVAL_SECONDS } from "../engine/index";
import type { PollTriggerConfig } from "../engine/types";
import { latestVersion } from "../triggers/latest-version";
import { runPoll } from "../triggers/run-poll";
import { startTriggeredRun } from "../triggers/start-triggered-run";
import { putPoll } from "../triggers/sync-trigger-jobs";

const payloadSchema = z.object({ automationId: z.string().min(1) });
/** What TriggerCursor.cursor holds: the feed it belongs to, and the source's own cursor. */
const storedSchema = z.object({ feed: z.string(), position: z.unknown() });

export interface PollTriggerDeps {
  prisma: PrismaClient;
  config: WorkerConfig;
  connections: ConnectionAccess;
  now: () => Date;
  /** Polls never come closer than this (SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS). */
  minIntervalSeconds: number;
}

/**
 * One poll of an app-event trigger, then the next poll after intervalSeconds. New items
 * start one run each (trigger key = the item's key, so an item never runs twice, even if
 * a crash makes the same poll happen again); the runs, the new cursor and the next poll
 * commit together. The first poll of a feed only records where the feed is: nothing that
 * existed before the trigger was set up runs. A failed poll is logged and tried again at
 * the next interval with the same cursor.
 */
export function makePollTriggerTask(deps: PollTriggerDeps): Task {
  return async (raw, helpers) => {
    const { automationId } = payloadSchema.parse(raw);
    const loaded = await deps.prisma.$transaction(async (tx) => {
      const [automation, version, cursor] = await Promise.all([
        tx.automation.findUnique({ where: { id: automationId } }),
        latestVersion(tx, automationId),
        tx.triggerCursor.findUnique({ where: { automationId } }),
      ]);
      return { automation, version, cursor };
    });
    const poll = loaded.version?.trigger.kind === "poll" ? loaded.version.trigger.poll : undefined;
    // Deleted, or no longer a poll trigger: the chain ends here.
    if (!loaded.automation || !poll) return;

    const feed = feedId(poll);
    const stored = storedSchema.safeParse(loaded.cursor?.cursor);
    const known = stored.success && stored.data.feed === feed;
    const interval = Math.max(
      poll.intervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
      deps.minIntervalSeconds,
    );
    const next = new Date(deps.now().getTime() + interval * 1000);
    let result;
    try {
      const position = known ? stored.data.position : null;
      result = await runPoll(
        poll,
        position,
        loaded.automation.workspaceId,
        deps.config,
        deps.connections,
      );
    } catch (err) {
      helpers.logger.warn(`poll of automation ${automationId} failed: ${String(err)}`);
      await deps.prisma.$transaction((tx) => putPoll(tx, automationId, next));
      return;
    }
    const items = known ? result.items : [];
    await deps.prisma.$transaction(
      async (tx) => {
        for (const item of items) {
          await startTriggeredRun(tx, {
            automationId,
            kind: "poll",
            key: `poll:${item.key}`,
            payload: item.payload,
          });
        }
        const cursor = { feed, position: result.cursor ?? null } as Prisma.InputJsonValue;
        await tx.triggerCursor.upsert({
          where: { automationId },
          create: { automationId, cursor },
          update: { cursor },
        });
        await putPoll(tx, automationId, next);
      },
      { timeout: 60_000 },
    );
  };
}

/** A different source, input or connection is a different feed: its cursor starts over. */
function feedId(poll: PollTriggerConfig): string {
  const identity = JSON.stringify([poll.source, poll.connection ?? null, poll.input ?? {}]);
  return createHash("sha256").update(identity).digest("base64url").slice(0, 22);
}
