import { execa } from "execa";
import { ReleaseError } from "./errors.ts";

/**
 * Runs git in `cwd` and returns its stdout. The user's global and system configuration are ignored
 * (a `diff.external` or pager there must not change what the checks read).
 */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await execa("git", args, {
    cwd,
    reject: false,
    env: { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
  });
  if (result.failed || result.exitCode !== 0) {
    const stderr = String(result.stderr ?? "").trim();
    if (/not a git repository/i.test(stderr)) {
      throw new ReleaseError(
        "not-a-git-repository",
        `${cwd} is not inside a git repository, so the release tags cannot be read.`,
        "Run the check in a clone of the repository (not an exported copy of it).",
      );
    }
    throw new ReleaseError(
      "git-failed",
      `git ${args.join(" ")} failed in ${cwd}: ${stderr || String(result.message)}`,
      "Check that git is installed and that the repository is not damaged (`git status`).",
    );
  }
  return String(result.stdout);
}

/** The repository's top folder. */
export async function repositoryRoot(cwd: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
}

/** Non-empty output lines. */
export function lines(output: string): string[] {
  return output.split("\n").filter((line) => line.length > 0);
}
