// `npm run switchyard`: the command line, from its bundle (scripts/bundled.ts).
import { runBundled } from "./bundled.ts";

await runBundled("cli", "worker/cli/main.ts", import.meta.url);
