import type { PrismaClient } from "../../prisma/client";
import { AppError } from "../errors";
import { retryFailed } from "../runs/retry-failed";
import { linkSecret, verifyRetryToken } from "./retry-link";

/** What a report's "Retry failed part" link points at, checked but not acted on. */
export async function retryLinkTarget(prisma: PrismaClient, token: string, now: Date) {
  const claims = verifyRetryToken(await linkSecret(), token, now);
  if (!claims) throw new AppError("forbidden", "This retry link is not valid or has expired.");
  const run = await prisma.run.findUnique({
    where: { id: claims.runId },
    include: { automation: { select: { name: true } } },
  });
  if (!run) throw new AppError("not_found", "The run of this link no longer exists.");
  if (run.generation !== claims.generation) {
    throw new AppError(
      "conflict",
      `This run was already retried (it is at generation ${run.generation}); open the run to see it.`,
    );
  }
  return run;
}

/** R12 from a signed link: only the generation the report was about, so the link works once. */
export async function retryFromLink(prisma: PrismaClient, token: string, now: Date) {
  const run = await retryLinkTarget(prisma, token, now);
  await retryFailed(prisma, run.id);
  return run.id;
}
