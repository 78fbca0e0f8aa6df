import { readFile } from "node:fs/promises";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { CliError } from "./cli-error";

export interface JsonFile {
  path: string;
  text: string;
  value: unknown;
}

/** Reads a JSON file; a syntax error names the path, line and column. */
export async function readJsonFile(path: string): Promise<JsonFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code);
    throw new CliError(`${path}: cannot read file (${why})`, "bad_file");
  }
  // jsonc-parser reports where the text went wrong; JSON.parse on Node 20 often doesn't.
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumnAt(text, first.offset);
    throw new CliError(`${path}:${line}:${column}: invalid JSON: ${describe(first)}`, "bad_file");
  }
  if (text.trim() === "")
    throw new CliError(`${path}:1:1: invalid JSON: the file is empty`, "bad_file");
  return { path, text, value };
}

function describe(error: ParseError): string {
  // "CommaExpected" → "comma expected"
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** The line where a node with this id is declared, to point problems at it. */
export function lineOfNode(text: string, nodeId: string): number | undefined {
  const escaped = nodeId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`"id"\\s*:\\s*"${escaped}"`).exec(text);
  return match ? lineColumnAt(text, match.index).line : undefined;
}
