import { defineConfig } from "vitest/config";
import { TEST_SECRETS_ENV } from "./test/support/test-secrets.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    env: TEST_SECRETS_ENV,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration files each get their own database; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
