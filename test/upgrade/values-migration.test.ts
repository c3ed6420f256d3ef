/**
 * `helm upgrade` from the previous chart version with its values unchanged is either accepted, or refused with the
 * migration message (guard VALUES-MOVED) naming the new keys; never rendered with settings silently dropped, and never
 * refused by a bare schema error. The values are every values file chart 0.1.0 shipped (`git show
 * 17c9968:charts/grpc-gke/ci/<f>` and its example, copied under `values/0.1.0/`). Applying the CHANGELOG's 0.2.0
 * table to a refused file must then render: the message leads somewhere.
 */

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@grpc-gke/manifest";
import { HelmTemplateError } from "@grpc-gke/render";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { guardIds, guardMessages, renderChart } from "../chart/support.ts";
import { hasCommit } from "./selectors.ts";

const PREVIOUS = { version: "0.1.0", commit: "17c99687f0adf61f5c8f39a73d761f32135a6ced" };
const FOLDER = join(import.meta.dirname, "values", PREVIOUS.version);
const files = readdirSync(FOLDER)
  .filter((file) => file.endsWith(".yaml"))
  .sort();

type Values = Record<string, unknown>;
const isMap = (value: unknown): value is Values =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const read = (file: string): Values =>
  (parse(readFileSync(join(FOLDER, file), "utf8")) as Values | null) ?? {};

/** The top-level keys chart 0.2.0 moved, and where the migration message must send each. */
const MOVED: Readonly<Record<string, readonly string[]>> = {
  ingress: ["gkeIngress.ingress"],
  managedCertificate: ["gkeIngress.managedCertificate"],
  frontendConfig: ["gkeIngress.frontendConfig"],
  backendConfig: ["googleLoadBalancer", "gkeIngress.backendConfig"],
};

/** The CHANGELOG's 0.2.0 table ("0.1.x -> 0.2.0"), applied to a 0.1.0 values tree. */
function migrate(old: Values): Values {
  const values: Values = structuredClone(old);
  const gkeIngress: Values = {};
  const googleLoadBalancer: Values = {};
  if (isMap(values.ingress)) gkeIngress.ingress = values.ingress;
  if (isMap(values.managedCertificate)) gkeIngress.managedCertificate = values.managedCertificate;
  if (isMap(values.frontendConfig)) gkeIngress.frontendConfig = values.frontendConfig;
  if (isMap(values.backendConfig)) {
    const { enabled, customRequestHeaders, customResponseHeaders, healthCheck, sessionAffinity, ...shared } =
      values.backendConfig;
    const backendConfig: Values = {};
    if (enabled !== undefined) backendConfig.enabled = enabled;
    if (customRequestHeaders !== undefined) backendConfig.customRequestHeaders = customRequestHeaders;
    if (customResponseHeaders !== undefined) backendConfig.customResponseHeaders = customResponseHeaders;
    if (Object.keys(backendConfig).length > 0) gkeIngress.backendConfig = backendConfig;
    Object.assign(googleLoadBalancer, shared);
    if (isMap(healthCheck)) {
      // `type` is gone: the check is always HTTP.
      const { type: _type, ...timing } = healthCheck;
      googleLoadBalancer.healthCheck = timing;
    }
    if (isMap(sessionAffinity)) {
      const { affinityType, affinityCookieTtlSec } = sessionAffinity;
      googleLoadBalancer.sessionAffinity = {
        ...(affinityType === undefined ? {} : { type: affinityType }),
        ...(affinityCookieTtlSec === undefined ? {} : { cookieTtlSec: affinityCookieTtlSec }),
      };
    }
  }
  for (const key of Object.keys(MOVED)) delete values[key];
  if (Object.keys(gkeIngress).length > 0) values.gkeIngress = gkeIngress;
  if (Object.keys(googleLoadBalancer).length > 0) values.googleLoadBalancer = googleLoadBalancer;
  const preStop = isMap(values.gracefulShutdown) ? values.gracefulShutdown.preStop : undefined;
  if (isMap(preStop) && preStop.mode === "auto") preStop.mode = "sleep";
  return values;
}

/** The messages helm prints for these values, or [] when it renders them. */
async function refusal(values: Values, helm: 3 | 4): Promise<string[] | undefined> {
  try {
    await renderChart({ values, helm });
    return undefined;
  } catch (error) {
    if (error instanceof HelmTemplateError)
      return guardMessages(error.helmMessage).length > 0
        ? guardMessages(error.helmMessage)
        : [error.helmMessage];
    throw error;
  }
}

describe(`upgrading with chart ${PREVIOUS.version}'s values`, () => {
  it("should hold every values file chart 0.1.0 shipped (its ci/ variants and its example)", () => {
    expect(files).toHaveLength(12);
  });

  it.skipIf(!hasCommit(PREVIOUS.commit))("should hold them exactly as commit 17c9968 has them", () => {
    for (const file of files) {
      const path = file.startsWith("examples-")
        ? `charts/grpc-gke/examples/${file.slice("examples-".length)}`
        : `charts/grpc-gke/ci/${file}`;
      const original = execFileSync("git", ["-C", REPO_ROOT, "show", `${PREVIOUS.commit}:${path}`], {
        encoding: "utf8",
      });
      expect(readFileSync(join(FOLDER, file), "utf8"), file).toBe(original);
    }
  });

  const cases = files.flatMap((file) => ([4, 3] as const).map((helm) => [file, helm] as const));

  it.concurrent.for(cases)(
    "should render %s unchanged, or refuse it with VALUES-MOVED naming the new key of every moved value (helm %i)",
    async ([file, helm], { expect }) => {
      const old = read(file);
      const moved = Object.keys(MOVED).filter((key) => key in old);
      const preStop =
        isMap(old.gracefulShutdown) && isMap(old.gracefulShutdown.preStop)
          ? old.gracefulShutdown.preStop
          : {};
      const removedAuto = preStop.mode === "auto";
      const messages = await refusal(old, helm);
      if (moved.length === 0 && !removedAuto) {
        expect(messages, `${file} has no moved value, so it must render`).toBeUndefined();
        return;
      }
      expect(messages, `${file} sets ${moved.join(", ")}: it must be refused`).toBeDefined();
      const movedMessages = (messages ?? []).filter((message) => message.startsWith("[VALUES-MOVED] "));
      for (const key of moved) {
        const message = movedMessages.find((candidate) => candidate.startsWith(`[VALUES-MOVED] ${key} `));
        expect(message, `no VALUES-MOVED message for ${key}`).toBeDefined();
        for (const target of MOVED[key] ?? []) expect(message).toContain(target);
      }
      if (removedAuto) {
        expect(
          movedMessages.some(
            (message) =>
              message.includes("gracefulShutdown.preStop.mode=auto") && message.includes("mode=sleep"),
          ),
        ).toBe(true);
      }
      // Nothing is refused by the schema instead: every refusal is a guard's message with its id.
      for (const id of guardIds(messages ?? [])) expect(id).not.toMatch(/^\(no id\)/);
    },
  );

  it.concurrent.for(cases)(
    "should render %s once the CHANGELOG's 0.2.0 moves are applied (helm %i)",
    async ([file, helm], { expect }) => {
      expect(await refusal(migrate(read(file)), helm)).toBeUndefined();
    },
  );
});
