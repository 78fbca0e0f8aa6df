// One spelling for "where in the graph" across parse and validation problems:
// `nodes[2].retry.maxAttempts`, `input.headers[0].value`, `edges[3]`.

export function formatFieldPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
