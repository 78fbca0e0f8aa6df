import { z } from "zod";

/**
 * Timestamps: Date in our code, ISO 8601 on the wire. A codec, so the same
 * schema encodes responses and documents the string form in OpenAPI.
 */
export const isoDate = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          "not_found, invalid_input, invalid_graph, conflict, forbidden, unauthenticated, payload_too_large, unsupported_media_type, internal",
      }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

export const problemSchema = z
  .object({
    nodeId: z.string().nullable(),
    field: z.string(),
    message: z.string(),
  })
  .meta({ id: "ValidationProblem" });

/** A graph as the engine reads it (docs/semantics.md); checked by the engine, not here, so every problem is reported at once. */
export const graphInput = z
  .record(z.string(), z.unknown())
  .meta({ description: "An automation graph: { nodes, edges } (see docs/semantics.md)" });

export const noParams = z.object({});
export const noQuery = z.object({});
export const noBody = z.undefined();
