import { auth } from "../../../_lib/auth";

export const dynamic = "force-dynamic";

/** better-auth's endpoints: /api/auth/sign-up/email, /sign-in/email, /sign-out, /get-session, … */
export const GET = (request: Request) => auth().handler(request);
export const POST = (request: Request) => auth().handler(request);
