// What a new password must be: at least 12 characters, and not one of the ~49,000 passwords
// most often found in leaks (the list @zxcvbn-ts/language-common ships), nor one of them
// dressed up with digits or symbols around it, nor one short piece repeated. The list is
// loaded on first use, on the server only (it is 380 kB).

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../_lib/password-length";

let commonPasswords: Promise<ReadonlySet<string>> | undefined;

function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set(dictionary["passwords-common"]),
  );
  return commonPasswords;
}

/** Why a new password is refused, in words for the person choosing it; null when it is fine. */
export async function passwordProblem(password: string): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `The password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `The password can have at most ${PASSWORD_MAX_LENGTH} characters.`;
  }
  const lower = password.toLowerCase();
  const common = await loadCommonPasswords();
  // "Password2024!", "!!dragon1234": the common word is what an attacker tries first.
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  if (common.has(lower) || (core.length >= 4 && common.has(core)) || isRepetition(lower)) {
    return "This password is too common: attackers try it first. Choose a longer phrase of unrelated words.";
  }
  return null;
}

/** "abcabcabcabc", "aaaaaaaaaaaa": one piece of up to 4 characters, repeated. */
function isRepetition(text: string): boolean {
  for (let size = 1; size <= 4; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text) {
      return true;
    }
  }
  return false;
}
