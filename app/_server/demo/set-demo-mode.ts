import { AppError } from "../../../worker/errors";
import { DEMO_APPS, MODE_FAULTS, type DemoAppId, type DemoMode } from "./demo-apps";

// Until switched back: the most calls the demo APIs let one fault cover.
const UNTIL_SWITCHED_BACK = 1_000;

/** Makes one demo app work, fail or go slow for every call until switched again. */
export async function setDemoMode(apisUrl: string, appId: DemoAppId, mode: DemoMode) {
  const app = DEMO_APPS.find((a) => a.id === appId)!;
  const send = async (method: string, url: string, body?: object) => {
    const res = await fetch(url, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    }).catch(() => null);
    if (!res?.ok) throw new AppError("unavailable", `${app.name} did not take the switch.`);
  };
  await send("DELETE", `${apisUrl}/_demo/faults?${new URLSearchParams({ path: app.path })}`);
  if (mode === "working") return;
  await send("POST", `${apisUrl}/_demo/faults`, {
    path: app.path,
    count: UNTIL_SWITCHED_BACK,
    ...MODE_FAULTS[mode],
  });
}
