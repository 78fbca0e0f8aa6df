/**
 * R10: the same key for every attempt of a node within one run generation; a step of a
 * for-each body has one per item (`runId:nodeId:generation:itemIndex`).
 */
export function idempotencyKey(
  runId: string,
  nodeId: string,
  generation: number,
  item?: number,
): string {
  const key = `${runId}:${nodeId}:${generation}`;
  return item === undefined || item < 0 ? key : `${key}:${item}`;
}
