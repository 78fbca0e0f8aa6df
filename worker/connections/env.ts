/**
 * Environment variables as this folder reads them: process.env, or a plain object (tests
 * pass one per call instead of mutating process.env). Never written to.
 */
export type Env = Readonly<Record<string, string | undefined>>;
