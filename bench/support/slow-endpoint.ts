// The local endpoint the fan-out benchmarks call: answers every request after DELAY_MS,
// and counts how many requests were in flight at once (the real parallelism of a fan-out,
// whatever the orchestrator claims).
import { createServer } from "node:http";
import { listenOnLoopback, sleep } from "./cleanup";

export interface EndpointWindow {
  requests: number;
  completed: number;
  maxInFlight: number;
  /** Date.now() of the first request's arrival and of the last answer sent, or NaN. */
  firstArrival: number;
  lastAnswer: number;
  /** Date.now() of each request's arrival, in order. */
  arrivals: number[];
}

export interface SlowEndpoint {
  url: string;
  /** Starts a new counting window (between fan-outs). */
  reset(): void;
  window(): EndpointWindow;
  /** Resolves once `count` answers have been sent in this window. */
  waitForAnswers(count: number, timeoutMs: number): Promise<EndpointWindow>;
  close(): Promise<void>;
}

export async function startSlowEndpoint(delayMs: number): Promise<SlowEndpoint> {
  let w: EndpointWindow;
  let inFlight = 0;
  let epoch = 0;
  const reset = () => {
    epoch += 1;
    inFlight = 0;
    w = {
      requests: 0,
      completed: 0,
      maxInFlight: 0,
      firstArrival: NaN,
      lastAnswer: NaN,
      arrivals: [],
    };
  };
  reset();
  const server = createServer((req, res) => {
    const mine = epoch;
    req.resume();
    const now = Date.now();
    if (w.requests === 0) w.firstArrival = now;
    w.arrivals.push(now);
    w.requests += 1;
    inFlight += 1;
    w.maxInFlight = Math.max(w.maxInFlight, inFlight);
    setTimeout(() => {
      res.setHeader("content-type", "application/json");
      res.end('{"ok":true}', () => {
        if (mine !== epoch) return;
        inFlight -= 1;
        w.completed += 1;
        w.lastAnswer = Date.now();
      });
    }, delayMs);
  });
  const { port, close } = await listenOnLoopback(server, "slow endpoint");
  return {
    url: `http://127.0.0.1:${port}/slow`,
    reset,
    window: () => ({ ...w, arrivals: [...w.arrivals] }),
    async waitForAnswers(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (w.completed < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `the endpoint saw ${w.requests} request(s), answered ${w.completed}, expected ${count} within ${timeoutMs} ms`,
          );
        }
        await sleep(5);
      }
      return { ...w, arrivals: [...w.arrivals] };
    },
    close,
  };
}
