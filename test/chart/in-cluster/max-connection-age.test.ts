/**
 * The server side of client-side balancing (templates/_presets.tpl, app.maxConnectionAgeMs): the generic preset's
 * GRPC_MAX_CONNECTION_AGE_MS and GRPC_MAX_CONNECTION_AGE_GRACE_MS, the names packages/reference-server reads and hands
 * to grpc-js as `grpc.max_connection_age_ms` / `grpc.max_connection_age_grace_ms`. The aspnetcore preset renders
 * nothing (Kestrel has no such setting; the guard MAX-CONNECTION-AGE-ASPNETCORE refuses the value there).
 */
import { ENVIRONMENT_VARIABLES, readConfig } from "@grpc-gke/reference-server";
import { describe, expect, it } from "vitest";
import { container, envOf, find, lazyDocuments } from "../support.ts";

const envWith = (app: Record<string, unknown>) =>
  lazyDocuments({ values: { frontend: "inCluster", app: { preset: "generic", ...app } } });

describe("app.maxConnectionAgeMs (generic preset)", () => {
  it("should render neither variable when app.maxConnectionAgeMs is null (default)", async () => {
    const env = envOf(container(find(await envWith({})(), "Deployment")));
    expect(env.has("GRPC_MAX_CONNECTION_AGE_MS")).toBe(false);
    expect(env.has("GRPC_MAX_CONNECTION_AGE_GRACE_MS")).toBe(false);
  });

  it("should render GRPC_MAX_CONNECTION_AGE_MS alone, as a string of milliseconds, when only app.maxConnectionAgeMs=300000", async () => {
    const env = envOf(container(find(await envWith({ maxConnectionAgeMs: 300000 })(), "Deployment")));
    expect(env.get("GRPC_MAX_CONNECTION_AGE_MS")).toBe("300000");
    expect(env.has("GRPC_MAX_CONNECTION_AGE_GRACE_MS")).toBe(false);
  });

  const both = envWith({ maxConnectionAgeMs: 500, maxConnectionAgeGraceMs: 2147483647 });

  it("should render both, without float notation, when the age is 500 and the grace 2147483647", async () => {
    const env = envOf(container(find(await both(), "Deployment")));
    expect(env.get("GRPC_MAX_CONNECTION_AGE_MS")).toBe("500");
    expect(env.get("GRPC_MAX_CONNECTION_AGE_GRACE_MS")).toBe("2147483647");
  });

  it("should render names and values the reference server reads as its connection age settings", async () => {
    const variables = container(find(await both(), "Deployment")).env ?? [];
    const names = variables.map((variable) => variable.name);
    expect(ENVIRONMENT_VARIABLES).toEqual(
      expect.arrayContaining(["GRPC_MAX_CONNECTION_AGE_MS", "GRPC_MAX_CONNECTION_AGE_GRACE_MS"]),
    );
    const environment = Object.fromEntries(
      variables.map((variable) => [variable.name, variable.value]),
    ) as Record<string, string | undefined>;
    expect(names).toContain("GRPC_PORT");
    const config = readConfig({ ...environment, TLS_CERT_FILE: undefined, TLS_KEY_FILE: undefined });
    expect(config.maxConnectionAgeMs).toBe(500);
    expect(config.maxConnectionAgeGraceMs).toBe(2147483647);
  });

  it("should render the variables with any frontend, since reconnecting spreads connections behind a ClusterIP Service too", async () => {
    const documents = await lazyDocuments({
      values: { app: { preset: "generic", maxConnectionAgeMs: 60000 } },
    })();
    expect(envOf(container(find(documents, "Deployment"))).get("GRPC_MAX_CONNECTION_AGE_MS")).toBe("60000");
  });
});
