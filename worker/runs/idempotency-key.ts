/** R10: the same key for every attempt of a node within one run generation. */
export function idempotencyKey(runId: string, nodeId: string, generation: number): string {
  return `${runId}:${nodeId}:${generation}`;
}
