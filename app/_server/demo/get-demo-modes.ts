import { z } from "zod";
import { AppError } from "../../../worker/errors";
import { DEMO_APPS, type DemoAppId, type DemoMode } from "./demo-apps";

const faultList = z.object({
  faults: z.array(
    z.object({ path: z.string(), status: z.number().nullable(), delayMs: z.number() }),
  ),
});

/** What each demo app does now, read from its pending faults. Throws AppError when unreachable. */
export async function getDemoModes(apisUrl: string): Promise<Record<DemoAppId, DemoMode>> {
  const res = await fetch(`${apisUrl}/_demo/faults`, { cache: "no-store" }).catch(() => null);
  if (!res?.ok) throw new AppError("unavailable", "The demo apps are not answering.");
  const { faults } = faultList.parse(await res.json());
  const modeOf = (path: string): DemoMode => {
    const fault = faults.find((f) => f.path === path);
    if (!fault) return "working";
    if (fault.status === 500) return "http_500";
    if (fault.status === 401) return "http_401";
    return fault.delayMs > 0 ? "slow" : "working";
  };
  return Object.fromEntries(DEMO_APPS.map((app) => [app.id, modeOf(app.path)])) as Record<
    DemoAppId,
    DemoMode
  >;
}
