import { describe, expect, it } from "vitest";
import { passwordProblem } from "../../../app/_server/auth/password-policy";

// The password policy for new passwords (sign-up, change): length and the common-password list.

describe("passwordProblem", () => {
  it("asks for 12 characters", async () => {
    expect(await passwordProblem("12345678")).toBe("The password needs at least 12 characters.");
    expect(await passwordProblem("eleven chrs")).toMatch(/at least 12 characters/);
  });

  it("refuses passwords from the list, also dressed up with digits and symbols or repeated", async () => {
    for (const weak of [
      "123456789012",
      "qwerty123456",
      "passwordpassword",
      "Password2024!",
      "!!dragon12345678",
      "abcabcabcabc",
      "zzzzzzzzzzzzzz",
    ]) {
      expect(await passwordProblem(weak), weak).toMatch(/too common/);
    }
  });

  it("accepts long phrases, such as those the test suites sign up with", async () => {
    for (const fine of [
      "correct horse battery staple",
      "correct horse 1",
      "a long password",
      "tangerine-otter-quarry",
    ]) {
      expect(await passwordProblem(fine), fine).toBeNull();
    }
  });

  it("refuses more than 128 characters", async () => {
    expect(await passwordProblem("x y ".repeat(40))).toMatch(/at most 128/);
  });
});
