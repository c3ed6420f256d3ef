import { describeObject, joinPath } from "@grpc-gke/manifest";
import { grpcPortEvidence } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

export const inClusterHeadlessPortName = defineRule(
  {
    id: "IN-CLUSTER-HEADLESS-PORT-NAME",
    title: "Headless gRPC Service port without a name",
    why:
      "Clients of a headless Service resolve the pods themselves. kuberesolver's usual target names the port " +
      "(kubernetes:///svc.namespace:grpc) and looks that name up in the EndpointSlices' ports, which carry the " +
      "Service port's name: an unnamed port matches nothing and the client dials <pod IP>:grpc, which fails. DNS " +
      "SRV records (_grpc._tcp.svc.namespace.svc.cluster.local) exist only for named ports.",
    fix: "Name the port (grpc), as the Service's clients and the container port call it.",
    link: "https://github.com/sercand/kuberesolver/blob/master/builder.go",
    // Advisory: a target by port number (kubernetes:///svc.namespace:5000) or plain DNS still works.
    severity: "warning",
  },
  (set, reporter) => {
    for (const service of set.services) {
      if (!service.headless) continue;
      for (const port of service.ports) {
        if (port.name !== undefined && port.name !== "") continue;
        const evidence = grpcPortEvidence(set, service, port);
        if (evidence === undefined) continue;
        reporter.report(
          service.document,
          joinPath(port.path, "name"),
          `${describeObject(service.document.object)} is headless and its gRPC port ${port.port ?? "?"} (${evidence}) has no name: kuberesolver targets by port name (kubernetes:///${service.name}.<namespace>:grpc) find no port and dial <pod IP>:grpc, and DNS has no SRV record for it.`,
        );
      }
    }
  },
);
