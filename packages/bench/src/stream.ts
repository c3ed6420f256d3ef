/**
 * A generated manifest stream of any size, shaped like a big cluster dump (`kubectl get -A -o yaml` of many
 * teams): apps of a Deployment, a Service (with GKE annotations), a ConfigMap and, every few apps, a
 * BackendConfig, a GKE Ingress, or a Gateway with an HTTPRoute. App names repeat in every namespace (as the
 * same app deployed per team does), so lookups by name must not scan every namespace; selectors share labels
 * across apps, so selection must not scan every workload.
 */

/** Objects per app: Deployment, Service, ConfigMap, then one of BackendConfig, Ingress, Gateway+HTTPRoute, none. */
function app(index: number, namespace: string, name: string): string[] {
  const labels = `{app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: shop, tier: backend}`;
  const objects = [
    `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}-env, namespace: ${namespace}}
data: {ASPNETCORE_URLS: "https://+:8443;http://+:8080", GREETING: "hello ${index}"}`,
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: ${name}}}
  template:
    metadata: {labels: ${labels}}
    spec:
      terminationGracePeriodSeconds: 90
      containers:
        - name: server
          image: registry.example.com/${name}:1.${index % 10}.0
          envFrom: [{configMapRef: {name: ${name}-env}}]
          ports: [{name: grpc, containerPort: 8443}, {name: health, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /healthz, port: health}, periodSeconds: 5}
          livenessProbe: {grpc: {port: 8080}}
          lifecycle: {preStop: {sleep: {seconds: 20}}}
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
          volumeMounts: [{name: tls, mountPath: /tls, readOnly: true}]
      volumes: [{name: tls, secret: {secretName: ${name}-tls}}]`,
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations:
    cloud.google.com/neg: '{"ingress": true}'
    cloud.google.com/app-protocols: '{"grpc": "HTTP2"}'
    cloud.google.com/backend-config: '{"default": "${name}"}'
spec:
  type: ClusterIP
  selector: {app.kubernetes.io/name: ${name}, tier: backend}
  ports: [{name: grpc, port: 443, targetPort: grpc}, {name: health, port: 8080, targetPort: health}]`,
  ];
  switch (index % 4) {
    case 0:
      objects.push(`apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  timeoutSec: 3600
  connectionDraining: {drainingTimeoutSec: 30}
  healthCheck: {type: HTTP, port: 8080, requestPath: /healthz}`);
      break;
    case 1:
      objects.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations: {kubernetes.io/ingress.class: gce}
spec:
  rules:
    - host: ${name}.${namespace}.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: ${name}, port: {name: grpc}}}}`);
      break;
    case 2:
      objects.push(
        `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  gatewayClassName: gke-l7-global-external-managed
  listeners: [{name: https, protocol: HTTPS, port: 443, tls: {mode: Terminate, certificateRefs: [{name: ${name}-cert}]}}]`,
        `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  parentRefs: [{name: ${name}}]
  rules: [{matches: [{path: {type: PathPrefix, value: /}}], backendRefs: [{name: ${name}, port: 443}]}]`,
      );
      break;
  }
  return objects;
}

/** A stream of about `objects` objects (whole apps, so up to 4 more), in namespaces of `perNamespace` apps. */
export function generateStream(
  objects: number,
  perNamespace = 100,
): { readonly text: string; readonly count: number } {
  const documents: string[] = [];
  for (let index = 0; documents.length < objects; index++) {
    documents.push(...app(index, `team-${Math.floor(index / perNamespace)}`, `app-${index % perNamespace}`));
  }
  return { text: `${documents.map((document) => `---\n${document}\n`).join("")}`, count: documents.length };
}
