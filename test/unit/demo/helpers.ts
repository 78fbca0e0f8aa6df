// Shared set-up for the demo tests: the demo APIs on a random port, with a fake token
// check standing in for the demo OAuth provider's introspection.
import { afterAll, beforeAll, beforeEach } from "vitest";
import {
  DEMO_SCOPES,
  startDemoApis,
  type DemoApis,
  type DemoTokenInfo,
} from "../../../worker/demo/demo-apis";

/**
 * "good": active with every scope, as "ada". "chat-reader": active with chat:read only.
 * "anonymous": active, no subject or scope. "boom": the check itself fails. Else inactive.
 */
export async function validateToken(token: string): Promise<DemoTokenInfo> {
  switch (token) {
    case "good":
      return { active: true, subject: "ada", scope: DEMO_SCOPES.join(" ") };
    case "chat-reader":
      return { active: true, subject: "bob", scope: "chat:read" };
    case "anonymous":
      return { active: true };
    case "boom":
      throw new Error("introspection endpoint unreachable");
    default:
      return { active: false };
  }
}

/** Starts the demo APIs once for the file and resets them before each test. */
export function useDemoApis(): { readonly apis: DemoApis } {
  const holder = {} as { apis: DemoApis };
  beforeAll(async () => {
    holder.apis = await startDemoApis({ port: 0, validateToken });
  });
  afterAll(() => holder.apis.close());
  beforeEach(() => holder.apis.reset());
  return holder;
}
