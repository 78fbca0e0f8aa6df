// `npm run intake`: the webhook intake process, from its bundle (scripts/bundled.ts).
import { runBundled } from "./bundled.ts";

await runBundled("intake", "worker/intake/main.ts", import.meta.url, { replaceProcess: true });
