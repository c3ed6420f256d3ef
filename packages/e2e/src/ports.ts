/**
 * Free loopback ports for one test: asked from the kernel (listen on port 0), handed out once per process, so
 * cases running at the same time never render the same port.
 */
import { createServer } from "node:net";

const handedOut = new Set<number>();

function askKernel(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports, none handed out before in this process. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count && attempt < count * 20; attempt++) {
    const port = await askKernel();
    if (port === 0 || handedOut.has(port)) continue;
    handedOut.add(port);
    ports.push(port);
  }
  if (ports.length < count) throw new Error(`could not find ${count} free loopback ports`);
  return ports;
}

/** A grpc, a health and a metrics port for one rendered pod (the metrics one is used when the variant has one). */
export async function podPorts(): Promise<{ grpc: number; health: number; metrics: number }> {
  const [grpc, health, metrics] = await freePorts(3);
  if (grpc === undefined || health === undefined || metrics === undefined) throw new Error("no free ports");
  return { grpc, health, metrics };
}
