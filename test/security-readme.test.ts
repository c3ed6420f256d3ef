/**
 * The chart README's Security section states figures (how many variants are checked, how many Pod Security controls);
 * they are read back here, so the section cannot drift from what the tests and rules really do.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES_BY_SCOPE } from "@grpc-gke/policy";
import { describe, expect, it } from "vitest";
import { CHART, listVariants } from "./support/chart.ts";

const readme = readFileSync(join(CHART, "README.md"), "utf8");
const security = readme.slice(
  readme.indexOf("## Security"),
  readme.indexOf("\n## ", readme.indexOf("## Security") + 1),
);

describe("chart README, Security", () => {
  it("should name the number of variants test/variants.test.ts renders, validates and checks", () => {
    expect(security).toContain(
      `Every variant (${listVariants().length}: \`ci/*-values.yaml\` and \`examples/\`)`,
    );
  });

  it("should name the number of Pod Security controls the pod-security rules check (one rule each, PSS-EXCEPTION aside)", () => {
    const controls = RULES_BY_SCOPE["pod-security"].filter((rule) => rule.id !== "PSS-EXCEPTION");
    expect(security).toContain(
      `one rule per baseline and restricted control, ${controls.length}, from the reference implementation`,
    );
  });

  it("should list every frontend of values.schema.json in its NetworkPolicy table", () => {
    const schema = JSON.parse(readFileSync(join(CHART, "values.schema.json"), "utf8")) as {
      properties: { frontend: { enum: string[] } };
    };
    const table = security.slice(security.indexOf("| `frontend` | grpc port from"));
    for (const frontend of schema.properties.frontend.enum) expect(table).toContain(`\`${frontend}\``);
  });
});
