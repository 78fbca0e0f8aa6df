// A tiny action catalog for validation tests.
import { z } from "zod";
import type { ActionCatalog } from "../../../worker/engine/validate";

const actions: Record<string, ReturnType<ActionCatalog["getAction"]>> = {
  "test.echo": {
    input: z.object({
      url: z.url(),
      count: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
    provider: null,
  },
  "test.chat": { input: z.object({ channel: z.string(), text: z.string() }), provider: "slack" },
};

export const catalog: ActionCatalog = { getAction: (key) => actions[key] };

export const connections: Record<string, string> = { "conn-slack": "slack", "conn-gh": "github" };
export const connectionProvider = (id: string) => connections[id];
