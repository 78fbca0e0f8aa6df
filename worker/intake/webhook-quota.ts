import type { PrismaClient } from "../../prisma/client";

/**
 * How many webhooks intake refused for going over the workspace's quota in the hour
 * before `now` (store-event.ts counts them; older windows are deleted).
 */
export async function webhooksRefusedLastHour(
  prisma: PrismaClient,
  workspaceId: string,
  now: Date,
): Promise<number> {
  const { _sum } = await prisma.webhookQuotaCounter.aggregate({
    _sum: { refused: true },
    where: { workspaceId, windowStart: { gt: new Date(now.getTime() - 3_600_000) } },
  });
  return _sum.refused ?? 0;
}
