import { createPrivateKey, X509Certificate } from "node:crypto";
import type { KubeObject, RenderedDocument } from "@grpc-gke/manifest";

/** Fixed text that replaces material the chart generates anew at every `helm template`. */
export const GENERATED = "<generated: checked by the variant test, redacted from the snapshot>";

/** Secret keys whose content the chart generates (self-signed backend certificate). */
const GENERATED_SECRET_KEYS = ["tls.crt", "tls.key", "ca.crt"] as const;
/** Pod-template annotations derived from generated material. */
const GENERATED_ANNOTATIONS = ["checksum/backend-tls"] as const;

export interface GeneratedCertificate {
  readonly secret: string;
  readonly certificate: X509Certificate;
  readonly keyMatches: boolean;
  readonly dnsNames: readonly string[];
}

/** The certificate and key of a `kubernetes.io/tls` Secret's data, parsed; undefined when either is absent. */
export function readTlsData(
  data: Readonly<Record<string, string>>,
): Omit<GeneratedCertificate, "secret"> | undefined {
  const crt = data["tls.crt"];
  const key = data["tls.key"];
  if (crt === undefined || key === undefined) return undefined;
  const certificate = new X509Certificate(Buffer.from(crt, "base64"));
  const privateKey = createPrivateKey(Buffer.from(key, "base64"));
  const dnsNames = (certificate.subjectAltName ?? "")
    .split(", ")
    .filter((name) => name.startsWith("DNS:"))
    .map((name) => name.slice("DNS:".length));
  return { certificate, keyMatches: certificate.checkPrivateKey(privateKey), dnsNames };
}

/** Parses every generated TLS Secret in the set, so a test can check it before it is redacted. */
export function generatedCertificates(documents: readonly RenderedDocument[]): GeneratedCertificate[] {
  return documents.flatMap(({ object }) => {
    if (object.kind !== "Secret" || object.type !== "kubernetes.io/tls") return [];
    const parsed = readTlsData((object.data ?? {}) as Record<string, string>);
    return parsed === undefined ? [] : [{ secret: object.metadata?.name ?? "", ...parsed }];
  });
}

/** The documents with generated material replaced by {@link GENERATED}; everything else untouched. */
export function redactGenerated(documents: readonly RenderedDocument[]): RenderedDocument[] {
  return documents.map((document) => ({ ...document, object: redactObject(document.object) }));
}

function redactObject(object: KubeObject): KubeObject {
  const copy = structuredClone(object) as KubeObject & {
    data?: Record<string, string>;
    spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
  };
  if (copy.kind === "Secret" && copy.type === "kubernetes.io/tls" && copy.data !== undefined) {
    for (const key of GENERATED_SECRET_KEYS) if (key in copy.data) copy.data[key] = GENERATED;
  }
  const annotations = copy.spec?.template?.metadata?.annotations;
  if (annotations !== undefined) {
    for (const key of GENERATED_ANNOTATIONS) if (key in annotations) annotations[key] = GENERATED;
  }
  return copy;
}
