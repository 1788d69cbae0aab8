import type { AddressInfo } from "node:net";
import dynalite from "dynalite";

export interface LocalDynamoOptions {
  /** Folder for on-disk storage; omit to keep everything in memory. */
  readonly path?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

export interface LocalDynamo {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite, a local implementation of the DynamoDB API, on loopback.
 * Table creation and deletion complete at once so tests do not wait on CREATING.
 */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      ),
  };
}
