import { join } from "node:path";
import { CHART_DIR, KUBERNETES_VERSION } from "@grpc-gke/manifest";
import { render } from "@grpc-gke/render";
import { stringify } from "yaml";
const { documents } = await render({ chart: CHART_DIR, releaseName: "gunstars", namespace: "games", kubeVersion: KUBERNETES_VERSION, valuesFiles: [join(CHART_DIR, process.argv[2] ?? "")] });
for (const d of documents) if (d.object.kind === "Deployment") console.log(stringify((d.object as any).spec.template.spec));
