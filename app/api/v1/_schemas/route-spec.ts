// The shape of one /api/v1 operation (route-table.ts lists them all).
import { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RouteSpec<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI form, relative to /api/v1: /runs/{runId} */
  path: string;
  summary: string;
  tag: string;
  params: P;
  query: Q;
  body: B;
  /** A valid body, shown in the document and sent by the tenancy test. */
  example?: B extends z.ZodType ? z.input<B> : never;
  status: 200 | 201;
  response: R;
}

export function route<
  P extends z.ZodObject,
  Q extends z.ZodObject,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): RouteSpec<P, Q, B, R> {
  return spec;
}

export const none = z.object({});
