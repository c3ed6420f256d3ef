/**
 * Certificates the cluster would put in the backend TLS Secret when the chart does not render it: cert-manager
 * issues one as the rendered Certificate asks (DNS names, key algorithm and size, usages, from its self-signed
 * Issuer or from a CA), and `existingSecret` names a Secret made outside the chart. The e2e plays that part
 * with @peculiar/x509 over node's WebCrypto, so the server loads a certificate of the shape it would get.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { at, num, objectsOf, type Stack, serviceHosts, str } from "./stack.ts";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

export interface IssuedSecret {
  readonly data: Readonly<Record<string, Buffer>>;
  /** Who would have made it on a cluster, for the report. */
  readonly origin: string;
}

type KeyAlgorithm =
  | { readonly name: "ECDSA"; readonly size: number }
  | { readonly name: "RSA"; readonly size: number };

function keyParams(key: KeyAlgorithm): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  if (key.name === "RSA") {
    return {
      name: "RSASSA-PKCS1-v1_5",
      hash: "SHA-256",
      publicExponent: new Uint8Array([1, 0, 1]),
      modulusLength: key.size,
    };
  }
  return { name: "ECDSA", namedCurve: key.size === 384 ? "P-384" : key.size === 521 ? "P-521" : "P-256" };
}

function signingAlgorithm(key: KeyAlgorithm): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return key.name === "RSA" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "ECDSA", hash: "SHA-256" };
}

const USAGE_FLAGS: Readonly<Record<string, x509.KeyUsageFlags>> = {
  "digital signature": x509.KeyUsageFlags.digitalSignature,
  "key encipherment": x509.KeyUsageFlags.keyEncipherment,
  "cert sign": x509.KeyUsageFlags.keyCertSign,
};

async function pem(key: CryptoKey): Promise<Buffer> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  const base64 = der.toString("base64").replace(/.{1,64}/g, "$&\n");
  return Buffer.from(`-----BEGIN PRIVATE KEY-----\n${base64}-----END PRIVATE KEY-----\n`);
}

interface LeafRequest {
  readonly dnsNames: readonly string[];
  readonly key: KeyAlgorithm;
  readonly usages: readonly string[];
  readonly days: number;
  /** Sign with this CA instead of self-signing. */
  readonly ca?: { readonly certificate: x509.X509Certificate; readonly keys: CryptoKeyPair };
}

async function issue(request: LeafRequest): Promise<{ cert: Buffer; key: Buffer; caCert?: Buffer }> {
  const algorithm = keyParams(request.key);
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  let usageFlags = 0;
  for (const usage of request.usages) usageFlags |= USAGE_FLAGS[usage] ?? 0;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.SubjectAlternativeNameExtension(
      request.dnsNames.map((value) => ({ type: "dns" as const, value })),
    ),
    new x509.ExtendedKeyUsageExtension(
      request.usages.includes("server auth") ? [x509.ExtendedKeyUsage.serverAuth] : [],
    ),
  ];
  if (usageFlags !== 0) extensions.push(new x509.KeyUsagesExtension(usageFlags, true));
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + request.days * 86_400_000);
  const subject = `CN=${request.dnsNames[0] ?? "grpc-gke-e2e"}`;
  if (request.ca === undefined) {
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: subject,
      keys,
      notBefore,
      notAfter,
      extensions,
      signingAlgorithm: signingAlgorithm(request.key),
    });
    return { cert: Buffer.from(certificate.toString("pem")), key: await pem(keys.privateKey) };
  }
  const caKey =
    request.ca.keys.privateKey.algorithm.name === "ECDSA"
      ? ({ name: "ECDSA", size: 256 } as const)
      : ({ name: "RSA", size: 2048 } as const);
  const certificate = await x509.X509CertificateGenerator.create({
    subject,
    issuer: request.ca.certificate.subject,
    publicKey: keys.publicKey,
    signingKey: request.ca.keys.privateKey,
    notBefore,
    notAfter,
    extensions,
    signingAlgorithm: signingAlgorithm(caKey),
  });
  const caPem = request.ca.certificate.toString("pem");
  // cert-manager's CA issuer: the leaf then the CA in tls.crt, the CA alone in ca.crt.
  return {
    cert: Buffer.from(`${certificate.toString("pem")}\n${caPem}\n`),
    key: await pem(keys.privateKey),
    caCert: Buffer.from(caPem),
  };
}

async function throwawayCa(
  name: string,
): Promise<{ certificate: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys,
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
  });
  return { certificate, keys };
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
}

/** Seconds in a Go duration of h/m/s parts ("8760h", "1h30m"). */
function durationDays(duration: string | undefined): number {
  if (duration === undefined) return 90;
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(/([\d.]+)([hms])/g)) {
    seconds += Number(amount) * (unit === "h" ? 3600 : unit === "m" ? 60 : 1);
  }
  return Math.max(1, Math.ceil(seconds / 86_400));
}

/**
 * The Secrets the pod mounts that the render does not contain, issued as the cluster would: from the rendered
 * cert-manager Certificate that targets them, else (a Secret made outside the chart) a self-signed ECDSA
 * certificate for the Service's names.
 */
export async function issueMissingSecrets(
  stack: Stack,
  rendered: (name: string) => boolean,
): Promise<Map<string, IssuedSecret>> {
  const issued = new Map<string, IssuedSecret>();
  const certificates = objectsOf(stack, "cert-manager.io/v1", "Certificate");
  const issuers = objectsOf(stack, "cert-manager.io/v1", "Issuer");
  for (const volume of stack.volumes) {
    const name = volume.secret?.secretName;
    if (name === undefined || rendered(name) || issued.has(name)) continue;
    const certificate = certificates.find((candidate) => str(at(candidate, "spec", "secretName")) === name);
    if (certificate !== undefined) {
      const spec = at(certificate, "spec");
      const algorithm = str(at(spec, "privateKey", "algorithm")) === "ECDSA" ? "ECDSA" : "RSA";
      const size = num(at(spec, "privateKey", "size")) ?? (algorithm === "RSA" ? 2048 : 256);
      const issuerName = str(at(spec, "issuerRef", "name")) ?? "";
      const issuerKind = str(at(spec, "issuerRef", "kind")) ?? "Issuer";
      const chartIssuer = issuers.find((issuer) => issuer.metadata?.name === issuerName);
      const selfSigned = issuerKind === "Issuer" && at(chartIssuer, "spec", "selfSigned") !== undefined;
      const ca = selfSigned ? undefined : await throwawayCa(`${issuerKind} ${issuerName} (stand-in CA)`);
      const leaf = await issue({
        dnsNames: strings(at(spec, "dnsNames")) ?? [],
        key: { name: algorithm, size },
        usages: strings(at(spec, "usages")) ?? ["digital signature", "key encipherment", "server auth"],
        days: durationDays(str(at(spec, "duration"))),
        ...(ca === undefined ? {} : { ca }),
      });
      issued.set(name, {
        data: {
          "tls.crt": leaf.cert,
          "tls.key": leaf.key,
          ...(leaf.caCert === undefined ? {} : { "ca.crt": leaf.caCert }),
        },
        origin: `cert-manager stand-in: Certificate ${certificate.metadata?.name} (${algorithm} ${size}, ${
          selfSigned
            ? `self-signed Issuer ${issuerName}`
            : `signed by a stand-in CA for ${issuerKind} ${issuerName}`
        })`,
      });
      continue;
    }
    const leaf = await issue({
      dnsNames: serviceHosts(stack),
      key: { name: "ECDSA", size: 256 },
      usages: ["digital signature", "server auth"],
      days: 1,
    });
    issued.set(name, {
      data: { "tls.crt": leaf.cert, "tls.key": leaf.key },
      origin: `made outside the chart (existingSecret): a self-signed ECDSA stand-in for ${serviceHosts(stack).join(", ")}`,
    });
  }
  return issued;
}
