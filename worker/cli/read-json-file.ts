import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.js";

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
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code);
    throw new CliError(`${path}: cannot read file (${why})`, "bad_file");
  }
  try {
    return { path, text, value: JSON.parse(text) };
  } catch (err) {
    const message = (err as Error).message;
    const { line, column } = locate(text, message);
    const where = line ? `:${line}:${column}` : "";
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
    throw new CliError(`${path}${where}: invalid JSON: ${reason}`, "bad_file");
  }
}

function locate(text: string, message: string): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/.exec(message);
  if (!pos) return text.trim() === "" ? { line: 1, column: 1 } : {};
  return lineColumnAt(text, Number(pos[1]));
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
