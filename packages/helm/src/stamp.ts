/**
 * The record that a cached helm binary was verified: its sha256 and the file identity it had then. The 60 MB
 * binary is hashed once per extraction; later runs trust it while the file is provably the one hashed (same
 * inode, size, modification and change time — any write, chmod, rename or replacement changes at least one)
 * and the stamp names the sha256 the build pins. A stamp that does not match, or cannot be read, means hash again.
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";

export interface HelmStamp {
  readonly sha256: string;
  readonly size: number;
  readonly ino: number;
  readonly dev: number;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
}

/** What a stamp compares: fs.Stats read with `{ bigint: true }` (nanosecond times, exact inode numbers). */
export interface FileIdentity {
  readonly size: bigint;
  readonly ino: bigint;
  readonly dev: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

export function stampPath(binary: string): string {
  return `${binary}.verified.json`;
}

export function stampOf(sha256: string, identity: FileIdentity): HelmStamp {
  return {
    sha256,
    size: Number(identity.size),
    ino: Number(identity.ino),
    dev: Number(identity.dev),
    mtimeNs: String(identity.mtimeNs),
    ctimeNs: String(identity.ctimeNs),
  };
}

/** Whether the stamp beside the binary says it was verified with this sha256 and the file is unchanged since. */
export async function stampMatches(binary: string, sha256: string, identity: FileIdentity): Promise<boolean> {
  let stamp: unknown;
  try {
    stamp = JSON.parse(await readFile(stampPath(binary), "utf8"));
  } catch {
    return false;
  }
  const expected: Record<string, unknown> = { ...stampOf(sha256, identity) };
  return (
    typeof stamp === "object" &&
    stamp !== null &&
    Object.entries(expected).every(([key, value]) => (stamp as Record<string, unknown>)[key] === value)
  );
}

/** Writes the stamp (a temporary file renamed into place); a cache folder that cannot be written just means no stamp. */
export async function writeStamp(binary: string, sha256: string, identity: FileIdentity): Promise<void> {
  const file = stampPath(binary);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(stampOf(sha256, identity))}\n`);
    await rename(temporary, file);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

export async function removeStamp(binary: string): Promise<void> {
  await rm(stampPath(binary), { force: true });
}
