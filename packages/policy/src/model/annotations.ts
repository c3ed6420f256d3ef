/** The annotations GKE reads from Services and Ingresses, and their parsers (as ingress-gce reads them). */
import { asRecord, asString, asStringMap, parseJson } from "./read.ts";
import type { Service } from "./services.ts";

export const APP_PROTOCOLS_KEYS = [
  "service.alpha.kubernetes.io/app-protocols",
  "cloud.google.com/app-protocols",
] as const;
export const BACKEND_CONFIG_KEYS = [
  "cloud.google.com/backend-config",
  "beta.cloud.google.com/backend-config",
] as const;
export const NEG_KEY = "cloud.google.com/neg";
export const INGRESS_CLASS_KEY = "kubernetes.io/ingress.class";
export const MANAGED_CERTIFICATES_KEY = "networking.gke.io/managed-certificates";

export type AnnotationParse<T> =
  | ({ readonly ok: true; readonly key: string } & T)
  | { readonly ok: false; readonly key: string; readonly error: string };

/** `cloud.google.com/app-protocols` (the legacy alpha key is read first, as ingress-gce does). */
export function appProtocolsAnnotation(
  service: Service,
): AnnotationParse<{ readonly protocols: Readonly<Record<string, string>> }> | undefined {
  const key = APP_PROTOCOLS_KEYS.find((candidate) => service.annotations[candidate] !== undefined);
  if (key === undefined) return undefined;
  const parsed = parseJson(service.annotations[key]);
  if (parsed === undefined) return undefined;
  if (!parsed.ok) return { ok: false, key, error: `is not JSON (${parsed.error})` };
  const record = asRecord(parsed.value);
  if (record === undefined)
    return { ok: false, key, error: "must be a JSON object of port name to protocol" };
  const protocols: Record<string, string> = Object.create(null); // see asStringMap
  for (const [portName, protocol] of Object.entries(record)) protocols[portName] = String(protocol);
  return { ok: true, key, protocols };
}

/** `cloud.google.com/backend-config` (GA key wins over the beta key). */
export function backendConfigAnnotation(service: Service):
  | AnnotationParse<{
      readonly default: string | undefined;
      readonly ports: Readonly<Record<string, string>>;
    }>
  | undefined {
  const key = BACKEND_CONFIG_KEYS.find((candidate) => service.annotations[candidate] !== undefined);
  if (key === undefined) return undefined;
  const parsed = parseJson(service.annotations[key]);
  if (parsed === undefined) return undefined;
  if (!parsed.ok) return { ok: false, key, error: `is not JSON (${parsed.error})` };
  const record = asRecord(parsed.value);
  if (record === undefined) return { ok: false, key, error: 'must be a JSON object like {"default":"name"}' };
  return {
    ok: true,
    key,
    default: asString(record.default),
    ports: asStringMap(record.ports),
  };
}

/** `cloud.google.com/neg`: whether the Service asks for NEGs for Ingress. */
export function negAnnotation(service: Service): AnnotationParse<{ readonly ingress: boolean }> | undefined {
  const parsed = parseJson(service.annotations[NEG_KEY]);
  if (parsed === undefined) return undefined;
  if (!parsed.ok) return { ok: false, key: NEG_KEY, error: `is not JSON (${parsed.error})` };
  const record = asRecord(parsed.value);
  if (record === undefined)
    return { ok: false, key: NEG_KEY, error: 'must be a JSON object like {"ingress":true}' };
  return { ok: true, key: NEG_KEY, ingress: record.ingress === true };
}

/** The ManagedCertificate names in an Ingress's `networking.gke.io/managed-certificates` (comma-separated). */
export function managedCertificateNames(annotations: Readonly<Record<string, string>>): string[] {
  return (annotations[MANAGED_CERTIFICATES_KEY] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}
