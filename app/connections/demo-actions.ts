"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../_lib/actor";
import { appErrorMessage } from "../_lib/http-errors";
import {
  DEMO_APPS,
  DEMO_MODE_WORDS,
  demoApisUrl,
  demoAppId,
  demoMode,
} from "../_server/demo/demo-apps";
import { setDemoMode } from "../_server/demo/set-demo-mode";

const switchForm = z.object({ app: demoAppId, mode: demoMode });

/** The demo world's switch: one demo app works, fails (500, 401) or goes slow. */
export async function setDemoModeAction(form: FormData) {
  await currentActor();
  const apisUrl = demoApisUrl();
  const parsed = switchForm.safeParse(Object.fromEntries(form));
  let params: Record<string, string>;
  if (!apisUrl || !parsed.success) {
    params = { error: "The demo world is not running here." };
  } else {
    try {
      await setDemoMode(apisUrl, parsed.data.app, parsed.data.mode);
      const app = DEMO_APPS.find((a) => a.id === parsed.data.app)!;
      params = { demo: `${app.name}: ${DEMO_MODE_WORDS[parsed.data.mode]}.` };
    } catch (err) {
      params = { error: appErrorMessage(err) };
    }
  }
  redirect(`/connections?${new URLSearchParams(params)}#demo-world`);
}
