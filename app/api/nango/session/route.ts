import { z } from "zod";
import { createNangoBackend } from "../../../../worker/connections/nango-backend";
import { AppError } from "../../../../worker/errors";
import { apiActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { errorResponse } from "../../../_lib/http-errors";
import { readJsonBody } from "../../../_lib/request-body";

export const dynamic = "force-dynamic";

const body = z.object({ connectorId: z.string().min(1), connectionId: z.string().optional() });

/** POST /api/nango/session → a Connect UI session token for @nangohq/frontend. */
export async function POST(request: Request) {
  try {
    // The browser's fetch: a JSON 401 when signed out, not a redirect page.
    const actor = await apiActor(request);
    const nango = createNangoBackend({ prisma: db() });
    if (!nango) throw new AppError("not_found", "Nango is not configured (set NANGO_SECRET_KEY)");
    const parsed = body.safeParse(await readJsonBody(request));
    if (!parsed.success)
      throw new AppError("invalid_input", "Expected { connectorId, connectionId? }");
    const session = await nango.createConnectSession({ ...actor, ...parsed.data });
    return Response.json(session);
  } catch (err) {
    return errorResponse(err);
  }
}
