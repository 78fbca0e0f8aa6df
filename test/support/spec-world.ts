// What a browser spec runs against, started before its tests and stopped after them: a
// test database, the built web app (or `next dev`), a worker process, Debian's Chromium,
// and either the demo world (OAuth provider and demo apps) or a fake SaaS API on loopback.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startDemoWorld, type DemoWorld } from "../../worker/demo/start-demo-world";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { launchBrowser } from "./browser";
import { createTestDatabase, type TestDatabase } from "./database";
import { freePort, startWebApp, type WebApp } from "./web-app";
import { spawnWorker, type WorkerProcess } from "./worker-process";

export interface SpecWorldOptions {
  /** The demo world, with its settings; or a fake SaaS API (`fakeApi`) instead. */
  demo?: { accessTokenTtlSeconds?: number };
  fakeApi?: boolean;
  /** Default true: a worker process runs the runs. */
  worker?: boolean;
  /** `next dev` instead of the production build. */
  dev?: boolean;
  /** More environment for the web app and the worker. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface SpecWorld {
  db: TestDatabase;
  web: WebApp;
  browser: Browser;
  /** With `demo` only. */
  demo: DemoWorld;
  /** With `fakeApi` only. */
  api: FakeApi;
}

export function useSpecWorld(options: SpecWorldOptions = {}): SpecWorld {
  const w = {} as SpecWorld;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    const [db, api] = await Promise.all([
      createTestDatabase(),
      options.fakeApi ? startFakeApi() : undefined,
    ]);
    w.db = db;
    if (api) w.api = api;
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    if (options.demo) w.demo = await startDemoWorld({ webOrigin: origin, ...options.demo });
    const env = {
      ...w.demo?.env,
      DATABASE_URL: db.url,
      // Emails' links point at this app; runs started by the spec itself write some too.
      SWITCHYARD_PUBLIC_URL: origin,
      ...options.env,
    };
    process.env.SWITCHYARD_PUBLIC_URL = origin;
    [w.web, worker, w.browser] = await Promise.all([
      startWebApp(env, port, { dev: options.dev }),
      options.worker === false ? undefined : spawnWorker(db.url, env),
      launchBrowser(),
    ]);
  }, options.timeoutMs ?? 180_000);

  afterAll(async () => {
    await w.browser?.close();
    await Promise.allSettled([w.web?.stop(), worker?.stop(), w.api?.close()]);
    await w.demo?.close();
    await w.db?.drop();
  });
  return w;
}
