// How long a new password may be: shared by the sign-up form (a plain constant, safe in the
// browser bundle) and the server's password policy (app/_server/auth/password-policy.ts).

export const PASSWORD_MIN_LENGTH = 12;
/** better-auth refuses longer ones too (hashing cost). */
export const PASSWORD_MAX_LENGTH = 128;
