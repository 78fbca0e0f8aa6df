/**
 * Fixed secrets for the test process and every process a test starts, so all
 * of them agree (a link signed by a worker verifies in the test) and none
 * generates development secrets into the checkout's .data/.
 */
export const TEST_SECRETS_ENV = {
  SWITCHYARD_ENCRYPTION_KEYS: "test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
  BETTER_AUTH_SECRET: "test-better-auth-secret-0123456789abcdef",
  SWITCHYARD_LINK_SECRET: "test-link-secret-0123456789abcdef",
};
