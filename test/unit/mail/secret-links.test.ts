import { describe, expect, it } from "vitest";
import { approvalEmail } from "../../../worker/approvals/approval-email";
import { parseKeyRing } from "../../../worker/connections/crypto";
import { mergeDigest } from "../../../worker/mail/merge-digest";
import {
  hideLinks,
  openLinks,
  revealLinks,
  sealLinks,
  secretLink,
} from "../../../worker/mail/secret-links";
import type { OutboxEmail } from "../../../prisma/client";
import { TEST_SECRETS_ENV } from "../../support/test-secrets";

const ring = parseKeyRing(TEST_SECRETS_ENV.SWITCHYARD_ENCRYPTION_KEYS);
const URL_A = "https://switchyard.example/approvals/t/AAAAtokenForTheCfo-_1";

async function approvalFor(url: string) {
  const link = secretLink(url);
  const email = await approvalEmail({
    automationName: "Big orders",
    runId: "run-1",
    gateName: "Manager sign-off",
    message: "Ship order A-17?",
    expiresAt: new Date("2026-12-24T12:00:00Z"),
    held: [],
    linkUrl: link.placeholder,
    runUrl: "https://switchyard.example/runs/run-1",
  });
  return { email, sealed: sealLinks(ring, [link]) };
}

describe("secret links in stored emails", () => {
  it("the stored body and the sealed column never hold the link; revealing puts it back where it was", async () => {
    const { email, sealed } = await approvalFor(URL_A);
    expect(`${email.text}${email.html}${sealed}`).not.toContain("AAAAtokenForTheCfo");
    const shown = revealLinks(email, openLinks(ring, sealed));
    expect(shown.text).toContain(`Review and decide: ${URL_A}`);
    expect(shown.html).toMatch(new RegExp(`<a href="${URL_A}"[^>]*>[\\s\\S]*Review and decide`));
    expect(shown.html).not.toContain("secret-link.invalid");
  });

  it("for anyone else each link says whom it went to, and its button leads nowhere", async () => {
    const { email } = await approvalFor(URL_A);
    const hidden = hideLinks(email, ["cfo@example.com"]);
    expect(hidden.text).toContain("Review and decide: [link sent to cfo@example.com, hidden]");
    expect(hidden.html).toContain('title="[link sent to cfo@example.com, hidden]"');
    expect(hidden.html).not.toMatch(/href="https:\/\/secret-link\.invalid/);
    expect(hidden.html).not.toContain("secret-link.invalid");
    expect(hideLinks(email, ["o'neil&co@example.com"]).html).toContain(
      "o&#39;neil&amp;co@example.com",
    );
  });

  it("a digest merges the rows' bodies; all their links come back when it is sent", async () => {
    const rows = await Promise.all(
      [URL_A, "https://switchyard.example/r/retry/second.sig"].map(async (url, i) => {
        const { email, sealed } = await approvalFor(url);
        return { ...email, id: `e${i}`, sealedLinks: sealed } as OutboxEmail;
      }),
    );
    const merged = await mergeDigest(rows);
    const links = rows.flatMap((r) => openLinks(ring, r.sealedLinks));
    const sent = revealLinks(merged, links);
    expect(sent.text).toContain(URL_A);
    expect(sent.text).toContain("https://switchyard.example/r/retry/second.sig");
    expect(sent.html).not.toContain("secret-link.invalid");
    expect(merged.text).not.toContain(URL_A);
  });
});
