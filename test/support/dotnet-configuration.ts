/**
 * A small emulation of how an ASP.NET Core app sees its configuration, enough to tell which Kestrel endpoints
 * the chart's environment variables produce once .NET merges them with the app's appsettings.json. It follows
 * the .NET sources, not documentation:
 *
 * - dotnet/runtime src/libraries/Microsoft.Extensions.Configuration/src/ConfigurationProvider.cs: a provider's
 *   keys are `:`-separated paths in a `Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)`: keys
 *   ignore case; `GetChildKeys` returns the segments under a path.
 * - dotnet/runtime src/libraries/Microsoft.Extensions.Configuration.Json/src/JsonConfigurationFileParser.cs: a
 *   JSON file is flattened into such paths (`{"Kestrel":{"Endpoints":{"Grpc":{"Url":…}}}}` ->
 *   `Kestrel:Endpoints:Grpc:Url`), array items by index.
 * - dotnet/runtime src/libraries/Microsoft.Extensions.Configuration.EnvironmentVariables/src/
 *   EnvironmentVariablesConfigurationProvider.cs: a variable name becomes a path by replacing `__` with `:`
 *   (`Kestrel__Endpoints__Grpc__Url` -> `Kestrel:Endpoints:Grpc:Url`).
 * - dotnet/runtime src/libraries/Microsoft.Extensions.Configuration/src/ConfigurationRoot.cs and
 *   InternalConfigurationRootExtensions.cs: the root reads a key from the providers last to first, so a later
 *   provider wins key by key; the children of a section are the union of every provider's child keys, distinct
 *   ignoring case. WebApplication.CreateBuilder adds appsettings.json, appsettings.{Environment}.json, user
 *   secrets, then environment variables, then the command line (dotnet/runtime Microsoft.Extensions.Hosting
 *   HostingHostBuilderExtensions.ApplyDefaultAppConfiguration), so the environment overrides the file.
 * - dotnet/aspnetcore src/Servers/Kestrel/Core/src/Internal/ConfigurationReader.cs (ReadEndpoints): every child
 *   of `Kestrel:Endpoints` is one endpoint, named by its key, with its `Url`, `Protocols` and `Certificate`;
 *   src/Servers/Kestrel/Core/src/KestrelConfigurationLoader.cs (Load) binds each one, so two endpoints on one
 *   port fail at start-up with `Address already in use`.
 *
 * Left out because the chart does not use them: prefixes (`AddEnvironmentVariables("DOTNET_")`), the
 * connection-string prefixes, `appsettings.{Environment}.json`, the command line, reload.
 */

/** One configuration source: its keys as `:`-separated paths. */
export type ConfigurationProvider = ReadonlyMap<string, string>;

/** The `:` paths of a JSON configuration file (JsonConfigurationFileParser). */
export function jsonProvider(json: unknown): ConfigurationProvider {
  const data = new Map<string, string>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, join(path, String(index)));
    } else if (typeof value === "object" && value !== null)
      for (const [key, child] of Object.entries(value)) visit(child, join(path, key));
    else if (path !== "") data.set(path, value === null ? "" : String(value));
  };
  visit(json, "");
  return data;
}

/** The `:` paths of environment variables (EnvironmentVariablesConfigurationProvider: `__` is `:`). */
export function environmentProvider(
  variables: readonly { readonly name: string; readonly value?: string | undefined }[],
): ConfigurationProvider {
  return new Map(
    variables
      .filter((variable) => variable.value !== undefined)
      .map((variable) => [variable.name.replaceAll("__", ":"), variable.value ?? ""]),
  );
}

const join = (path: string, key: string) => (path === "" ? key : `${path}:${key}`);
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The configuration root over providers in the order they were added (ConfigurationRoot). */
export class Configuration {
  readonly #providers: readonly ConfigurationProvider[];

  constructor(providers: readonly ConfigurationProvider[]) {
    this.#providers = providers;
  }

  /** The value of a key: the last provider that has it wins; keys ignore case. */
  get(key: string): string | undefined {
    for (const provider of [...this.#providers].reverse()) {
      for (const [candidate, value] of provider) if (same(candidate, key)) return value;
    }
    return undefined;
  }

  /**
   * The child keys of a section across every provider, distinct ignoring case, first spelling kept, sorted
   * ignoring case (ConfigurationKeyComparer also sorts numbers numerically; no key here is a number).
   */
  childKeys(section: string): string[] {
    const prefix = `${section}:`;
    const keys: string[] = [];
    for (const provider of this.#providers) {
      for (const key of provider.keys()) {
        if (key.length <= prefix.length || !same(key.slice(0, prefix.length), prefix)) continue;
        const [child = ""] = key.slice(prefix.length).split(":");
        if (!keys.some((known) => same(known, child))) keys.push(child);
      }
    }
    return keys.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  }
}

/** One Kestrel endpoint as ConfigurationReader reads it. */
export interface KestrelEndpoint {
  readonly name: string;
  readonly url: string | undefined;
  readonly protocols: string | undefined;
  readonly certificatePath: string | undefined;
  readonly certificateKeyPath: string | undefined;
}

/** The endpoints Kestrel binds from `Kestrel:Endpoints` (ConfigurationReader.ReadEndpoints). */
export function kestrelEndpoints(configuration: Configuration): KestrelEndpoint[] {
  return configuration.childKeys("Kestrel:Endpoints").map((name) => {
    const key = (suffix: string) => configuration.get(`Kestrel:Endpoints:${name}:${suffix}`);
    return {
      name,
      url: key("Url"),
      protocols: key("Protocols"),
      certificatePath: key("Certificate:Path"),
      certificateKeyPath: key("Certificate:KeyPath"),
    };
  });
}

/** The port of each endpoint's URL, in endpoint order (the ports Kestrel tries to bind). */
export function boundPorts(endpoints: readonly KestrelEndpoint[]): number[] {
  return endpoints.map(({ name, url }) => {
    if (url === undefined) throw new Error(`Kestrel endpoint ${name} has no Url (Kestrel refuses to start)`);
    const { port, protocol } = new URL(url);
    return Number(port || (protocol === "https:" ? 443 : 80));
  });
}

/**
 * `KestrelServerOptions.AllowAlternateSchemes` as the app ends up with it. Kestrel's own ConfigurationReader reads
 * only `Kestrel:Endpoints`, `Kestrel:Certificates` and `Kestrel:EndpointDefaults` (dotnet/aspnetcore
 * src/Servers/Kestrel/Core/src/Internal/ConfigurationReader.cs; dotnet/aspnetcore#4765), so `Kestrel:AllowAlternateSchemes`
 * counts only when the app binds the whole section onto the options
 * (`services.Configure<KestrelServerOptions>(configuration.GetSection("Kestrel"))`: dotnet/runtime ConfigurationBinder
 * sets the public bool property from its key, ignoring case, parsed like bool.Parse). The default is false
 * (KestrelServerOptions.cs).
 */
export function kestrelAllowAlternateSchemes(
  configuration: Configuration,
  { sectionBound }: { readonly sectionBound: boolean },
): boolean {
  if (!sectionBound) return false;
  const value = configuration.get("Kestrel:AllowAlternateSchemes");
  if (value === undefined) return false;
  const trimmed = value.trim().toLowerCase();
  if (trimmed !== "true" && trimmed !== "false")
    throw new Error(`Kestrel:AllowAlternateSchemes=${value} is not a bool: the binder throws at start-up`);
  return trimmed === "true";
}
