// A tiny action catalog for validation tests.
import { z } from "zod";
import type { ActionCatalog } from "../../../worker/engine/validate";
import type { KnownConnection } from "../../../worker/engine/validate-nodes";

const actions: Record<string, ReturnType<ActionCatalog["getAction"]>> = {
  "test.echo": {
    input: z.object({
      url: z.url(),
      count: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
    provider: null,
    app: { id: "test", name: "Test" },
    name: "Echo",
  },
  "test.chat": {
    input: z.object({ channel: z.string(), text: z.string() }),
    provider: "slack",
    app: { id: "chat", name: "Chat" },
    name: "Post a message",
  },
};

export const catalog: ActionCatalog = { getAction: (key) => actions[key] };

// Two accounts: one made for the Chat app, one for another app on the same provider.
export const connections: Record<string, KnownConnection> = {
  "conn-slack": { connectorId: "chat", appName: "Chat", label: "Team chat" },
  "conn-gh": { connectorId: "tracker", appName: "Tracker", label: "Work tracker" },
};
export const connection = (id: string) => connections[id];
