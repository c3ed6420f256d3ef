import { describeObject } from "@grpc-gke/manifest";
import { espV1Ports, portNumber, probesOf, resolveTargetPort } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { servicePortLabel } from "../labels.ts";

/** appProtocols and names of an HTTP/2 (gRPC) Service port. */
const HTTP2_APP_PROTOCOLS = new Set(["grpc", "http2", "h2c", "kubernetes.io/h2c"]);
const HTTP2_NAME = /^(grpc|http2|h2c)(-|$)/i;

/**
 * ESP v1 (cloudendpoints/esp, nginx 1.15.9) ports that cannot carry what is sent to them. start_esp.py makes
 * `--http_port` a plain `listen` (HTTP/1.x only) and `--http2_port` a `listen ... http2` (cleartext HTTP/2 only, "cannot
 * be the same port as HTTP/1.x port"), and exits when two of its port flags share a number ("Port N is used more than
 * once"); `--status_port` defaults to 8090 (start_esp.py make_ingress, nginx-auto.conf.template).
 */
export const istioEspPorts = defineRule(
  {
    id: "ISTIO-ESP-PORTS",
    title: "ESP v1 port that cannot serve what is sent to it",
    why:
      "ESP v1's nginx serves HTTP/1.x on --http_port and only cleartext HTTP/2 (prior knowledge) on --http2_port: it " +
      "cannot serve both on one cleartext port. An HTTP/1.1 probe or health check on --http2_port fails (the pod never " +
      "gets ready), gRPC sent to --http_port fails, and two port flags with one number make start_esp exit.",
    fix:
      "Serve gRPC on --http2_port and health checks on a separate --http_port (with --healthz), point HTTP/2 Service " +
      "ports at the first and httpGet probes at the second, and give every port flag (and --status_port, 8090 by " +
      "default) its own number.",
    link: "https://github.com/cloudendpoints/esp/blob/master/start_esp/start_esp.py",
  },
  (set, reporter) => {
    for (const workload of set.workloads) {
      for (const container of workload.containers) {
        const esp = espV1Ports(container);
        if (esp === undefined) continue;
        const label = `ESP v1 container ${container.name} of ${describeObject(workload.document.object)}`;
        const byPort = new Map<number, (typeof esp.ports)[number]>();
        for (const entry of esp.ports) {
          const other = byPort.get(entry.port);
          if (other === undefined || other.kind === entry.kind) {
            byPort.set(entry.port, entry);
            continue;
          }
          // Report where a flag set the port (a port ESP takes by default has the image as its path).
          const [first, second] = entry.path.endsWith(".image") ? [other, entry] : [entry, other];
          const byDefault = second.path.endsWith(".image") ? " (its default)" : "";
          reporter.report(
            workload.document,
            first.path,
            `${label} uses port ${entry.port} for its ${first.kind} port and its ${second.kind} port${byDefault}: start_esp exits ("Port ${entry.port} is used more than once").`,
          );
        }
        const http2 = esp.ports.filter((entry) => entry.kind === "http2").map((entry) => entry.port);
        const http = esp.ports.filter((entry) => entry.kind === "http").map((entry) => entry.port);
        for (const probe of probesOf(container)) {
          if (probe.handler !== "httpGet") continue;
          const port = portNumber(container, probe.port);
          if (port !== undefined && http2.includes(port))
            reporter.report(
              workload.document,
              probe.path,
              `${label} has an HTTP/1.1 ${probe.field} on port ${port}, its --http2_port, which serves only cleartext HTTP/2: the probe fails.`,
            );
        }
        for (const service of set.servicesSelecting(workload)) {
          for (const port of service.ports) {
            const http2Port =
              (port.appProtocol !== undefined && HTTP2_APP_PROTOCOLS.has(port.appProtocol.toLowerCase())) ||
              (port.appProtocol === undefined && port.name !== undefined && HTTP2_NAME.test(port.name));
            if (!http2Port) continue;
            const target = resolveTargetPort(workload, port.targetPort);
            const number =
              target?.container === container
                ? target.port.containerPort
                : typeof port.targetPort === "number"
                  ? port.targetPort
                  : undefined;
            if (number === undefined || !http.includes(number)) continue;
            reporter.report(
              service.document,
              port.path,
              `${servicePortLabel(service, port)} carries HTTP/2 (gRPC) to port ${number}, the --http_port of ${label}, which serves only HTTP/1.x: gRPC calls fail.`,
            );
          }
        }
      }
    }
  },
);
