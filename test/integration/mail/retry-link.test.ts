import { afterAll, beforeAll, expect, it } from "vitest";
import { linkSecret, signRetryToken } from "../../../worker/reports/retry-link";
import { retryFromLink, retryLinkTarget } from "../../../worker/reports/retry-from-link";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { startGraphRun, waitForRow, waitForRunEnd } from "../../support/runs";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { asDelivered } from "../../support/outbox";

// The report's "Retry failed part" link: HMAC-signed, bound to the generation
// the report was about, so it retries once; forged or expired links do nothing.
let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url);
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

it("a signed retry link retries the failed part once; forged, expired and spent links are refused", async () => {
  api.script("/retry-link/flaky", [{ status: 400 }, { json: { ok: true } }]);
  const runId = await startGraphRun(
    db.prisma,
    graph([httpNode("a", `${api.url}/retry-link/flaky`)], [["trigger", "a"]]),
  );
  expect((await waitForRunEnd(db.prisma, runId)).status).toBe("failed");
  const report = await waitForRow(
    () => db.prisma.outboxEmail.findFirst({ where: { runId, kind: "run_report" } }),
    "report email",
  );
  const token = /\/r\/retry\/(\S+)/.exec(asDelivered(report).text)![1]!;
  const now = new Date();

  await expect(retryLinkTarget(db.prisma, `${token}x`, now)).rejects.toThrow(
    "not valid or has expired",
  );
  const expired = signRetryToken(
    await linkSecret(),
    runId,
    1,
    new Date(now.getTime() - 8 * 86_400_000),
  );
  await expect(retryLinkTarget(db.prisma, expired, now)).rejects.toThrow(
    "not valid or has expired",
  );

  expect(await retryFromLink(db.prisma, token, now)).toBe(runId);
  const retried = await waitForRunEnd(db.prisma, runId);
  expect(retried).toMatchObject({ status: "succeeded", generation: 2 });
  await expect(retryFromLink(db.prisma, token, now)).rejects.toThrow("already retried");
});
