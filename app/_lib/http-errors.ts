import { unstable_rethrow } from "next/navigation";
import { isDatabaseUnavailable } from "../../prisma/unavailable";
import { AppError, type AppErrorCode } from "../../worker/errors";

const STATUS: Record<AppErrorCode, number> = {
  not_found: 404,
  invalid_input: 400,
  invalid_graph: 422,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

/**
 * The edge: AppErrors become JSON with their code; an unreachable database is a 503 the
 * client may retry; anything else is a logged 500.
 */
export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    return Response.json(
      { error: { code: err.code, message: err.message, details: err.details } },
      { status: STATUS[err.code] },
    );
  }
  if (isDatabaseUnavailable(err)) {
    return Response.json(
      {
        error: { code: "database_unavailable", message: "The database is unreachable; try again" },
      },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
  console.error(err);
  return Response.json(
    { error: { code: "internal", message: "Something went wrong" } },
    { status: 500 },
  );
}

/**
 * What a page or server action shows for a refusal. Next.js's own control flow (the
 * redirect to /sign-in, notFound) passes through, so it is never shown as "went wrong".
 */
export function appErrorMessage(err: unknown): string {
  unstable_rethrow(err);
  if (err instanceof AppError) return err.message;
  console.error(err);
  return "Something went wrong; see the server log.";
}
