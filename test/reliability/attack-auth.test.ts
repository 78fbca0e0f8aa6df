import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitKey } from "../../app/_server/auth/rate-limit-store";
import { SIGN_IN_PER_ADDRESS } from "../../app/_server/auth/rate-limits";
import { clientAt, postAuthApi, submitAuthForm, type AuthClient } from "../support/auth-client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startSmtpCapture, type SmtpCapture } from "../support/smtp-capture";
import { waitFor } from "../support/wait-for";
import { startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Attacks on accounts, run against the built app behind its intake front as `npm start`
// serves it (docs/reliability.md, "Attacks and defences" → "Accounts"). Each attacker is its
// own loopback address (127.0.0.N), so the limits of one scenario do not touch another's.
// Every request also carries an X-Forwarded-For the attacker made up and changes each time.

let db: TestDatabase;
let web: WebApp;
const clients: AuthClient[] = [];

function attacker(n: number): AuthClient {
  const client = clientAt(`127.0.0.${n}`);
  clients.push(client);
  return client;
}

/** A made-up X-Forwarded-For, different for every attempt. */
const spoofed = (i: number) => ({ "x-forwarded-for": `198.51.100.${i % 250}, 203.0.113.${i % 7}` });

const TOO_MANY_SIGN_INS = /^Too many sign-in attempts\. Try again in \d+ minutes?\.$/;

/** `n` attempts one after the other (the limits are about counts, not speed). */
async function attempts<T>(n: number, attempt: (i: number) => Promise<T>): Promise<T[]> {
  const answers: T[] = [];
  for (let i = 0; i < n; i++) answers.push(await attempt(i));
  return answers;
}

/** The statuses of `n` sign-ins through /api/auth. */
const signInStatuses = (
  n: number,
  attempt: (i: number) => { client: AuthClient; email: string; password: string },
) =>
  attempts(n, async (i) => {
    const { client, ...body } = attempt(i);
    return (await postAuthApi(client, web.url, "sign-in/email", body, spoofed(i))).status;
  });

/** `first` times `status`, then `rest` times `then`. */
const runOf = (first: number, status: number, rest: number, then: number) => [
  ...Array<number>(first).fill(status),
  ...Array<number>(rest).fill(then),
];

async function signUp(client: AuthClient, email: string, password: string) {
  const answer = await postAuthApi(client, web.url, "sign-up/email", {
    name: "Victim",
    email,
    password,
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
}

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

describe("with email verification off (the default)", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    web = await startWebApp({ DATABASE_URL: db.url });
  }, 120_000);

  afterAll(async () => {
    await web?.stop();
    await db?.drop();
  });

  describe("password guessing", () => {
    it("through the sign-in page's server action: refused after 10 wrong passwords, the right one too", async () => {
      const owner = attacker(10);
      await signUp(owner, "pat@example.test", "tangerine otter quarry");
      const guesser = attacker(11);
      const answers = await attempts(30, (i) =>
        submitAuthForm(
          guesser,
          web.url,
          "/sign-in",
          { email: "pat@example.test", password: `guess number ${i}` },
          spoofed(i),
        ),
      );
      const wrong = answers.filter((a) => a.message === "Invalid email or password");
      const refused = answers.filter((a) => a.message && TOO_MANY_SIGN_INS.test(a.message));
      expect(wrong).toHaveLength(10);
      expect(refused).toHaveLength(20);
      expect(answers.slice(10)).toEqual(refused);

      const right = await submitAuthForm(guesser, web.url, "/sign-in", {
        email: "pat@example.test",
        password: "tangerine otter quarry",
      });
      expect(right.message).toMatch(TOO_MANY_SIGN_INS);
      expect(right.cookie).toBe("");
      // Counted under the address the intake front saw, not under any header value.
      const counted = await db.prisma.authRateLimit.findUnique({
        where: { key: limitKey(SIGN_IN_PER_ADDRESS, "127.0.0.11") },
      });
      expect(counted?.count).toBe(10);
    });

    it("through /api/auth: 429 with Retry-After after 10 wrong passwords, the right one too", async () => {
      const owner = attacker(20);
      await signUp(owner, "sam@example.test", "lantern pebble orchard");
      const guesser = attacker(21);
      const statuses = await signInStatuses(30, (i) => ({
        client: guesser,
        email: "sam@example.test",
        password: `guess number ${i}`,
      }));
      expect(statuses).toEqual(runOf(10, 401, 20, 429));

      const right = await postAuthApi(guesser, web.url, "sign-in/email", {
        email: "sam@example.test",
        password: "lantern pebble orchard",
      });
      expect(right.status).toBe(429);
      expect(right.json?.message).toMatch(TOO_MANY_SIGN_INS);
      expect(Number(right.retryAfter)).toBeGreaterThan(60);
      expect(Number(right.retryAfter)).toBeLessThanOrEqual(2 * 15 * 60);
      expect(right.cookie).toBe("");
    });

    it("30 guesses at once: exactly 10 are checked, none slips between count and check", async () => {
      const owner = attacker(12);
      await signUp(owner, "max@example.test", "orbit lichen saddle");
      const guesser = attacker(13);
      const statuses = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const body = { email: "max@example.test", password: `guess number ${i}` };
          return (await postAuthApi(guesser, web.url, "sign-in/email", body, spoofed(i))).status;
        }),
      );
      expect(statuses.toSorted()).toEqual(runOf(10, 401, 20, 429));
    });

    it("from 30 different addresses against one email: the email's limit holds", async () => {
      const owner = attacker(30);
      await signUp(owner, "kim@example.test", "marble kettle sparrow");
      const statuses = await signInStatuses(30, (i) => ({
        client: attacker(100 + i),
        email: "kim@example.test",
        password: `guess number ${i}`,
      }));
      expect(statuses).toEqual(runOf(10, 401, 20, 429));
      const right = await postAuthApi(attacker(99), web.url, "sign-in/email", {
        email: "kim@example.test",
        password: "marble kettle sparrow",
      });
      expect(right.status).toBe(429);
    });

    it("one address trying 30 emails (credential stuffing): refused after 20, real accounts too", async () => {
      const owner = attacker(40);
      await signUp(owner, "lee@example.test", "copper willow lagoon");
      const stuffer = attacker(41);
      const statuses = await signInStatuses(30, (i) => ({
        client: stuffer,
        email: `user${i}@example.test`,
        password: "Summer2026!",
      }));
      expect(statuses).toEqual(runOf(20, 401, 10, 429));
      const right = await submitAuthForm(stuffer, web.url, "/sign-in", {
        email: "lee@example.test",
        password: "copper willow lagoon",
      });
      expect(right.message).toMatch(TOO_MANY_SIGN_INS);
      // The account's owner, elsewhere, is not locked out by it.
      const elsewhere = await submitAuthForm(owner, web.url, "/sign-in", {
        email: "lee@example.test",
        password: "copper willow lagoon",
      });
      expect(elsewhere.location).toBe("/");
      expect(elsewhere.cookie).toContain("session_token=");
    }, 120_000);

    it("guessing the current password with a stolen session (/api/auth/change-password)", async () => {
      const owner = attacker(14);
      const { cookie } = await postAuthApi(owner, web.url, "sign-up/email", {
        name: "Victim",
        email: "uma@example.test",
        password: "nutmeg tundra ledger",
      });
      const thief = attacker(15);
      const change = (currentPassword: string, newPassword: string, i = 0) =>
        postAuthApi(
          thief,
          web.url,
          "change-password",
          { currentPassword, newPassword },
          { cookie, ...spoofed(i) },
        );
      const weak = await change("nutmeg tundra ledger", "letmein12345");
      expect(weak.status).toBe(400);
      expect(weak.json?.message).toMatch(/too common/);
      const statuses = await attempts(22, async (i) => {
        return (await change(`guess number ${i}`, "a brand new phrase", i)).status;
      });
      expect(statuses).toEqual(runOf(20, 400, 2, 429));
      expect((await change("nutmeg tundra ledger", "a brand new phrase")).status).toBe(429);
    }, 120_000);

    it("right passwords do not count: signing in often is no attack", async () => {
      const owner = attacker(50);
      await signUp(owner, "ada@example.test", "velvet harbour tulip");
      const statuses = await signInStatuses(21, () => ({
        client: owner,
        email: "ada@example.test",
        password: "velvet harbour tulip",
      }));
      expect(statuses).toEqual(runOf(21, 200, 0, 0));
    });
  });

  describe("sign-up", () => {
    it("a flood from one address is limited to 10 an hour, through the page and /api/auth", async () => {
      const flooder = attacker(60);
      const before = await db.prisma.user.count();
      const statuses = await attempts(12, async (i) => {
        const body = {
          name: "Bot",
          email: `bot${i}@example.test`,
          password: "gravel meadow ferry",
        };
        return (await postAuthApi(flooder, web.url, "sign-up/email", body, spoofed(i))).status;
      });
      expect(statuses).toEqual(runOf(10, 200, 2, 429));
      const page = await submitAuthForm(flooder, web.url, "/sign-up", {
        name: "Bot",
        email: "bot-page@example.test",
        password: "gravel meadow ferry",
      });
      expect(page.message).toMatch(/^Too many sign-up attempts\. Try again in \d+ minutes?\.$/);
      expect(await db.prisma.user.count()).toBe(before + 10);
    });

    it("does not tell whether an address has an account", async () => {
      const owner = attacker(70);
      await signUp(owner, "eve@example.test", "saffron glacier bicycle");
      const prober = attacker(71);
      const generic =
        "We could not create an account with these details. If you already have one, sign in instead.";
      const api = await postAuthApi(prober, web.url, "sign-up/email", {
        name: "Probe",
        email: "eve@example.test",
        password: "another long phrase",
      });
      expect(api.status).toBe(422);
      expect(api.json).toEqual({ code: "ACCOUNT_NOT_CREATED", message: generic });
      const page = await submitAuthForm(prober, web.url, "/sign-up", {
        name: "Probe",
        email: "EVE@example.test",
        password: "another long phrase",
      });
      expect(page.message).toBe(generic);
      expect(JSON.stringify([api, page])).not.toMatch(/exist/i);
    });

    it("refuses short and common passwords with a message, creating nothing", async () => {
      const client = attacker(80);
      const before = await db.prisma.user.count();
      const cases = [
        ["12345678", /needs at least 12 characters/],
        ["qwerty123456", /too common/],
        ["Password2024!", /too common/],
        ["aaaaaaaaaaaaaaaa", /too common/],
      ] as const;
      for (const [password, message] of cases) {
        const fields = { name: "Weak", email: "weak@example.test", password };
        const page = await submitAuthForm(client, web.url, "/sign-up", fields);
        expect(page.message, password).toMatch(message);
        const api = await postAuthApi(client, web.url, "sign-up/email", fields);
        expect(api.status, password).toBe(400);
        expect(api.json?.message, password).toMatch(message);
      }
      expect(await db.prisma.user.count()).toBe(before);
    });
  });
});

describe("with SWITCHYARD_REQUIRE_EMAIL_VERIFICATION=true", () => {
  let smtp: SmtpCapture;
  let worker: WorkerProcess;

  beforeAll(async () => {
    [db, smtp] = await Promise.all([createTestDatabase(), startSmtpCapture()]);
    web = await startWebApp({
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      SWITCHYARD_REQUIRE_EMAIL_VERIFICATION: "true",
    });
    worker = await spawnWorker(db.url, { SMTP_URL: smtp.url, SWITCHYARD_PUBLIC_URL: web.url });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
    await smtp?.close();
    await db?.drop();
  });

  const mailTo = async (to: string, subject: string, count = 1) => {
    const matching = () => smtp.messages.filter((m) => m.to.includes(to) && m.subject === subject);
    await waitFor(() => matching().length >= count, 20_000, `${count} × "${subject}" to ${to}`);
    return matching();
  };
  const CHECK_INBOX = (email: string) =>
    `Check your inbox: we have sent a link to ${email} to confirm the address. Then sign in.`;

  it("signs in only once the address is confirmed through the emailed link", async () => {
    const client = attacker(90);
    const fields = { name: "Nia", email: "nia@example.test", password: "juniper canyon mosaic" };
    const signedUp = await submitAuthForm(client, web.url, "/sign-up", fields);
    expect(signedUp.message).toBe(CHECK_INBOX("nia@example.test"));
    expect(signedUp.cookie).toBe("");

    const early = await submitAuthForm(client, web.url, "/sign-in", fields);
    expect(early.message).toMatch(/^Confirm your email address first/);
    expect(early.cookie).toBe("");
    const earlyApi = await postAuthApi(client, web.url, "sign-in/email", fields);
    expect(earlyApi.status).toBe(403);

    const [mail] = await mailTo("nia@example.test", "Confirm your email address for Switchyard");
    const link = /https?:\/\/\S+\/api\/auth\/verify-email\?\S+/.exec(mail?.text ?? "")?.[0];
    expect(link, mail?.text).toBeDefined();
    const confirmed = await client.fetch(link ?? "", { redirect: "manual" });
    expect(confirmed.status).toBeGreaterThanOrEqual(300);
    expect(confirmed.status).toBeLessThan(400);
    expect(confirmed.headers.getSetCookie().join(";")).toContain("session_token=");
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "nia@example.test" } });
    expect(user.emailVerified).toBe(true);

    const later = await submitAuthForm(client, web.url, "/sign-in", fields);
    expect(later.location).toBe("/");
    expect(later.cookie).toContain("session_token=");
  });

  it("answers a sign-up for an existing address exactly like a new one, and tells the owner", async () => {
    const owner = attacker(91);
    await submitAuthForm(owner, web.url, "/sign-up", {
      name: "Oli",
      email: "oli@example.test",
      password: "walnut comet harbour",
    });
    const prober = attacker(92);
    const probe = (email: string) =>
      postAuthApi(prober, web.url, "sign-up/email", {
        name: "Probe",
        email,
        password: "another long phrase",
      });
    const [existing, fresh] = [await probe("oli@example.test"), await probe("new@example.test")];
    expect(existing.status).toBe(fresh.status);
    expect(existing.json?.token).toBeNull();
    expect(Object.keys(existing.json ?? {})).toEqual(Object.keys(fresh.json ?? {}));
    const page = await submitAuthForm(prober, web.url, "/sign-up", {
      name: "Probe",
      email: "oli@example.test",
      password: "another long phrase",
    });
    expect(page.message).toBe(CHECK_INBOX("oli@example.test"));
    const notices = await mailTo("oli@example.test", "You already have a Switchyard account", 2);
    expect(notices[0]?.text).toContain(`${web.url}/sign-in`);
  });

  it("asking for confirmation emails: at most 5 an hour reach one address, from any number of clients", async () => {
    await submitAuthForm(attacker(93), web.url, "/sign-up", {
      name: "Ivy",
      email: "ivy@example.test",
      password: "pepper lantern quartz",
    });
    const statuses = await attempts(6, async (i) => {
      const answer = await postAuthApi(attacker(140 + i), web.url, "send-verification-email", {
        email: "ivy@example.test",
      });
      return answer.status;
    });
    // The sign-up sent the first of the five.
    expect(statuses).toEqual(runOf(4, 200, 2, 429));
    const queued = await db.prisma.outboxEmail.count({
      where: { to: { has: "ivy@example.test" } },
    });
    expect(queued).toBe(5);
    await mailTo("ivy@example.test", "Confirm your email address for Switchyard", 5);
  });
});
