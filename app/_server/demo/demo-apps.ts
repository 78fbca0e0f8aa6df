import { z } from "zod";
import { demoConnectorsEnabled } from "../../../connectors/registry";

/** The demo world's apps and the path prefix each one's API answers under. */
export const DEMO_APPS = [
  { id: "demo-chat", name: "Demo Chat", path: "/chat/*" },
  { id: "demo-tracker", name: "Demo Tracker", path: "/tracker/*" },
] as const;

export const demoAppId = z.enum(["demo-chat", "demo-tracker"]);
export type DemoAppId = z.infer<typeof demoAppId>;

/** What a demo app does with every call, as the switch on the Connections page sets it. */
export const demoMode = z.enum(["working", "http_500", "http_401", "slow"]);
export type DemoMode = z.infer<typeof demoMode>;

export const DEMO_MODE_WORDS: Record<DemoMode, string> = {
  working: "Working",
  http_500: "Fails with HTTP 500",
  http_401: "Refuses its token (HTTP 401)",
  slow: "Slow (10 s per call)",
};

/** The fault each mode asks the demo APIs for (`POST /_demo/faults`); "working" has none. */
export const MODE_FAULTS: Record<Exclude<DemoMode, "working">, object> = {
  http_500: { status: 500 },
  http_401: { status: 401 },
  slow: { delayMs: 10_000 },
};

/** The demo APIs' address when this app offers the demo world, else null. */
export function demoApisUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.SWITCHYARD_DEMO_APIS_URL?.trim();
  return url && demoConnectorsEnabled(env) ? url.replace(/\/+$/, "") : null;
}
