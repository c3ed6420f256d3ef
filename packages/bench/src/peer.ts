/**
 * The peer of `grpc-gke validate`: the validators the kubernetes-models packages ship (their classes'
 * `validate()`, ajv code compiled at their build time), over the same objects. Kinds it has no class for are
 * counted, not validated.
 */
type Validate = (object: Record<string, unknown>) => void;

const PACKAGES = [
  "kubernetes-models",
  "@kubernetes-models/gke",
  "@kubernetes-models/gateway-api",
  "@kubernetes-models/cert-manager",
];

const cache = new Map<string, Validate | undefined>();

/** The kubernetes-models validator of an apiVersion/kind, or undefined when no package has it. */
export async function peerValidator(apiVersion: string, kind: string): Promise<Validate | undefined> {
  const key = `${apiVersion}/${kind}`;
  if (cache.has(key)) return cache.get(key);
  const slash = apiVersion.lastIndexOf("/");
  const group = slash === -1 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  let found: Validate | undefined;
  for (const name of PACKAGES) {
    const path = `${name}/${group === "" ? "" : `${group}/`}${version}/${kind}`;
    try {
      const module = (await import(path)) as Record<string, new (data: unknown) => { validate(): void }>;
      const Model = module[kind];
      if (Model === undefined) continue;
      found = (object) => new Model(object).validate();
      break;
    } catch {
      // not in this package
    }
  }
  cache.set(key, found);
  return found;
}

/** Validates every object; returns how many were valid, invalid, and had no peer validator. */
export async function peerValidate(
  objects: readonly Record<string, unknown>[],
): Promise<{ valid: number; invalid: number; uncovered: number }> {
  const counts = { valid: 0, invalid: 0, uncovered: 0 };
  for (const object of objects) {
    const validate = await peerValidator(String(object.apiVersion), String(object.kind));
    if (validate === undefined) {
      counts.uncovered++;
      continue;
    }
    try {
      validate(object);
      counts.valid++;
    } catch {
      counts.invalid++;
    }
  }
  return counts;
}
