/**
 * Where a command writes. Text mode: progress and result on stdout, as a person reads
 * them. --json: one JSON document on stdout for scripts; progress goes to stderr.
 */
export interface Output {
  json: boolean;
  progress(line: string): void;
  /** The command's result: `text` for people (null: nothing more), `data` (the REST API's shape) for --json. */
  result(text: string | null, data: unknown): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    progress: (line) => (json ? console.error(line) : console.log(line)),
    result: (text, data) => {
      if (json) console.log(JSON.stringify(data, null, 2));
      else if (text !== null) console.log(text);
    },
  };
}
