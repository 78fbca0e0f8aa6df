import { z } from "zod";
import { errorSchema } from "./common";
import { routeList, type RouteSpec } from "./route-table";

type JsonSchema = Record<string, unknown>;

/**
 * The wire form of a schema: the "input" side of codecs (ISO strings, not Dates).
 * zod emits schemas that have a meta id as local $defs; OpenAPI wants them shared
 * under #/components/schemas, so the references are rewritten.
 */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function parameters(spec: RouteSpec) {
  const path = Object.entries(spec.params.shape).map(([name, schema]) => ({
    name,
    in: "path",
    required: true,
    schema: z.toJSONSchema(schema as z.ZodType, { io: "input" }),
  }));
  const query = Object.entries(spec.query.shape).map(([name, schema]) => {
    const {
      $schema: _drop,
      description,
      ...rest
    } = z.toJSONSchema(schema as z.ZodType, {
      io: "input",
    }) as JsonSchema;
    return {
      name,
      in: "query",
      required: !(schema as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
  return [...path, ...query].map((p) => {
    const { $schema: _drop, ...schema } = p.schema as JsonSchema;
    return { ...p, schema };
  });
}

/** OpenAPI 3.1 for /api/v1, generated from the route table's zod schemas. */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, JsonSchema> = {};
  const collect = (schema: z.ZodType) => {
    // Each schema is emitted with its named sub-schemas as $defs; hoist them to components.
    const { $defs, ...rest } = jsonSchema(schema) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    Object.assign(components, $defs ?? {});
    const id = z.globalRegistry.get(schema)?.id;
    if (id) {
      // A named top-level schema comes back as a $ref to its own $defs entry.
      components[id] = $defs?.[id] ?? rest;
      return { $ref: `#/components/schemas/${id}` };
    }
    return rest;
  };
  const errorRef = collect(errorSchema);
  const errorResponse = (description: string) => ({
    description,
    content: { "application/json": { schema: errorRef } },
  });
  for (const spec of routeList) {
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: parameters(spec),
      responses: {
        [spec.status]: {
          description: "OK",
          content: { "application/json": { schema: collect(spec.response) } },
        },
        400: errorResponse("Invalid input"),
        401: errorResponse("Not signed in, or the API key is invalid or revoked"),
        ...(spec.path.includes("{") ? { 404: errorResponse("Not found in your workspace") } : {}),
        409: errorResponse("Conflict with the current state"),
        422: errorResponse("The graph has problems (details lists every one)"),
      },
    };
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: {
          "application/json": {
            schema: collect(spec.body),
            ...(spec.example !== undefined ? { example: spec.example } : {}),
          },
        },
      };
    }
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "1.0.0",
      description:
        "Automations, runs and connections of the caller's workspace. Authenticate with " +
        "`Authorization: Bearer sy_…` (an API key from /settings/api-keys) or a session cookie.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { session: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key: sy_…" },
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token" },
      },
    },
  };
}
