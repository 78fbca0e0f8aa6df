import { auth } from "../../../_lib/auth";
import { errorResponse } from "../../../_lib/http-errors";
import { readLimitedText } from "../../../_lib/request-body";

export const dynamic = "force-dynamic";

/** better-auth's endpoints: /api/auth/sign-up/email, /sign-in/email, /sign-out, /get-session, … */
export const GET = (request: Request) => auth().handler(request);

/** Bodies are capped like every REST body (413 past SWITCHYARD_API_MAX_BODY_BYTES). */
export async function POST(request: Request) {
  let body: string;
  try {
    body = await readLimitedText(request);
  } catch (err) {
    return errorResponse(err);
  }
  const { method, headers } = request;
  return auth().handler(new Request(request.url, { method, headers, body }));
}
