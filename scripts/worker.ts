// `npm run worker`: a worker process, from its bundle (scripts/bundled.ts).
import { runBundled } from "./bundled.ts";

await runBundled("worker", "worker/main.ts", import.meta.url, { replaceProcess: true });
