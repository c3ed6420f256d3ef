/**
 * The kinds a chart can render, read from its templates without rendering them: each `kind:` line at the start of
 * a line, with the `apiVersion:` line nearest above it in the same document (`if`/`else` branches of one object
 * share it). Charts write most objects so (this chart writes all of its
 * own that way); a kind computed by a template (`kind: {{ ... }}`) or an object from values is not seen. The list
 * is a forecast, good for loading what checking the output will need while helm still renders, never a verdict.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface DeclaredKind {
  readonly apiVersion: string;
  readonly kind: string;
}

const LINE = /^(apiVersion:|kind:|---)(.*)$/gm;
/** A literal value (quotes and a trailing comment removed); a template expression is not one. */
const LITERAL = /^["']?([A-Za-z0-9./-]+)["']?(?:\s+#.*)?$/;

/** Template files of a chart folder, those directly in `templates/` first, then each subfolder's, by name. */
async function templateFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((entry) => entry.isFile() && /\.(ya?ml|tpl)$/.test(entry.name))
    .map((entry) => join(folder, entry.name))
    .sort();
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(folder, entry.name))
    .sort();
  for (const sub of folders) files.push(...(await templateFiles(sub)));
  return files;
}

/**
 * The apiVersion/kind pairs a chart folder's templates declare literally, in template order (top level first),
 * each once. A packaged chart (.tgz), a folder without templates or an unreadable file gives what could be read.
 */
export async function declaredKinds(chart: string): Promise<DeclaredKind[]> {
  const found = new Map<string, DeclaredKind>();
  // A folder that cannot be listed (none, or a .tgz path) gives no files.
  const files = await templateFiles(join(chart, "templates"));
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8").catch(() => "")));
  for (const text of texts) {
    let apiVersion: string | undefined;
    for (const [, field, raw = ""] of text.matchAll(LINE)) {
      const value = LITERAL.exec(raw.trim())?.[1];
      if (field === "---") apiVersion = undefined;
      else if (field === "apiVersion:") apiVersion = value;
      else if (apiVersion !== undefined && value !== undefined) {
        found.set(`${apiVersion}/${value}`, { apiVersion, kind: value });
      }
    }
  }
  return [...found.values()];
}
