import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll } from "vitest";

/** A temporary folder removed after the test file. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `grpc-gke-release-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** git in a throwaway repository, with a fixed identity and without the user's configuration. */
export async function gitIn(cwd: string, ...args: string[]): Promise<string> {
  const result = await execa(
    "git",
    ["-c", "user.name=Release Test", "-c", "user.email=release@example.com", ...args],
    {
      cwd,
      env: { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
    },
  );
  return String(result.stdout);
}

/** The files of a small chart `demo`, in `charts/demo/` of a repository. */
export function demoChart(version: string, changelogVersions: readonly string[]): Record<string, string> {
  return {
    "charts/demo/Chart.yaml": `apiVersion: v2\nname: demo\nversion: ${version}\n`,
    "charts/demo/values.yaml": "greeting: hello\n",
    "charts/demo/templates/configmap.yaml":
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  greeting: {{ .Values.greeting }}\n",
    "charts/demo/.helmignore": "ci/\n",
    "charts/demo/ci/other-values.yaml": "greeting: hi\n",
    "charts/demo/CHANGELOG.md": `# Changelog\n\n${changelogVersions.map((v) => `## ${v}\n\n### Changed\n- Version ${v}.\n`).join("\n")}`,
  };
}

/** A git repository holding the demo chart at `version`, committed. */
export async function demoRepository(
  root: string,
  version: string,
  changelogVersions: readonly string[],
): Promise<string> {
  mkdirSync(root, { recursive: true });
  await gitIn(root, "init", "--quiet", "--initial-branch=main");
  writeFiles(root, demoChart(version, changelogVersions));
  await gitIn(root, "add", "--all");
  await gitIn(root, "commit", "--quiet", "--message", `demo ${version}`);
  return join(root, "charts", "demo");
}
