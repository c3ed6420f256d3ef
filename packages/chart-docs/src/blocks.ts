import { ChartDocsError } from "./errors.ts";

/** The lines strictly between two marker lines of a README. */
export interface Block {
  readonly lines: string[];
  /** Index of the start marker line. */
  readonly start: number;
  /** Index of the end marker line. */
  readonly end: number;
}

export function findBlock(file: string, text: string, startMarker: string, endMarker: string): Block {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === startMarker);
  const end = lines.findIndex((line, index) => index > start && line.trim() === endMarker);
  if (start === -1 || end === -1) {
    throw new ChartDocsError(
      "markers-missing",
      file,
      `the markers ${startMarker} ... ${endMarker} are missing`,
      `Put ${startMarker} and ${endMarker} on their own lines where the generated table belongs, in that order.`,
    );
  }
  return { lines, start, end };
}

/** The text with the lines between the markers replaced (the markers and the rest kept). */
export function replaceBlock(
  file: string,
  text: string,
  startMarker: string,
  endMarker: string,
  content: readonly string[],
): string {
  const { lines, start, end } = findBlock(file, text, startMarker, endMarker);
  return [...lines.slice(0, start + 1), ...content, ...lines.slice(end)].join("\n");
}
