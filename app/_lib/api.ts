import { z } from "zod";
import { AppError } from "../../worker/errors";
import type { RouteSpec } from "../api/v1/_schemas/route-table";
import { apiActor, type Actor } from "./actor";
import { errorResponse } from "./http-errors";
import { readJsonBody } from "./request-body";

export interface ApiContext<S extends RouteSpec> {
  actor: Actor;
  params: z.output<S["params"]>;
  query: z.output<S["query"]>;
  body: S["body"] extends z.ZodType ? z.output<S["body"]> : undefined;
  request: Request;
}

type Handler<S extends RouteSpec> = (ctx: ApiContext<S>) => Promise<z.output<S["response"]>>;

/**
 * The one shape of a /api/v1 route handler: authenticate (API key or session),
 * parse path, query and JSON body with the route table's schemas, run the
 * handler, encode its result with the response schema (which also drops any
 * field the document does not promise), and turn errors into JSON.
 *
 *   export const POST = withApi(apiRoutes.retryRun, ({ actor, params }) =>
 *     retryRun(db(), actor, params.runId));
 */
export function withApi<S extends RouteSpec>(spec: S, handler: Handler<S>) {
  return async (
    request: Request,
    context?: { params: Promise<Record<string, string | string[] | undefined>> },
  ): Promise<Response> => {
    try {
      const actor = await apiActor(request);
      // Next passes no params object to routes without dynamic segments.
      const params = parse(spec.params, (await context?.params) ?? {}, "path parameters");
      const url = new URL(request.url);
      const query = parse(spec.query, Object.fromEntries(url.searchParams), "query");
      const body = spec.body ? parse(spec.body, await readJsonBody(request), "body") : undefined;
      const result = await handler({ actor, params, query, body, request } as ApiContext<S>);
      return Response.json(z.encode(spec.response, result), { status: spec.status });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(
    "invalid_input",
    `Invalid ${where}: ${z.prettifyError(parsed.error)}`,
    parsed.error.issues,
  );
}
