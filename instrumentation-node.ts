import { stampPeerAddresses } from "./app/_lib/client-address";
import { validateWebEnv } from "./app/_lib/env";
import { componentLog } from "./worker/log";

// A bad setting stops the web server at start-up with the variable's name,
// instead of failing later on the first request that needs it. `next build`
// loads the server too but must not need production secrets.
if (process.env.NEXT_PHASE !== "phase-production-build") {
  try {
    await validateWebEnv();
  } catch (error) {
    componentLog("web").fatal((error as Error).message);
    process.exit(1);
  }
  // Sign-in limits key on the client address; only this process sees the socket.
  stampPeerAddresses();
}
