// A node state's colour family, shared by the run page's graph and the report's picture.
// Apart from names.ts so client components can import it without the connector registry.

export type PictureTone = "ok" | "bad" | "off" | "busy";

export function toneOf(state: string): PictureTone {
  if (state === "succeeded") return "ok";
  if (["failed", "partially_succeeded", "rejected"].includes(state)) return "bad";
  if (["skipped", "cancelled", "pending"].includes(state)) return "off";
  return "busy";
}
