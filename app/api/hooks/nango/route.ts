import { createNangoBackend } from "../../../../worker/connections/nango-backend";
import { AppError } from "../../../../worker/errors";
import { resumeWaitingNodes } from "../../../../worker/runs/resume-waiting-nodes";
import { db } from "../../../_lib/db";
import { errorResponse } from "../../../_lib/http-errors";
import { readLimitedText } from "../../../_lib/request-body";

export const dynamic = "force-dynamic";

/** POST /api/hooks/nango — Nango's auth webhooks, signature verified before anything is read. */
export async function POST(request: Request) {
  try {
    const nango = createNangoBackend({ prisma: db() });
    if (!nango) throw new AppError("not_found", "Nango is not configured");
    const result = await nango.handleNangoWebhook(await readLimitedText(request), request.headers);
    if (result.outcome === "repaired") {
      await db().$transaction((tx) => resumeWaitingNodes(tx, result.connectionId));
    }
    return Response.json(result);
  } catch (err) {
    return errorResponse(err);
  }
}
