import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import dynalite from "dynalite";
import { addTableSettings } from "./table-settings.ts";

export interface LocalDynamoOptions {
  /** Folder for on-disk storage; omit to keep everything in memory. */
  readonly path?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Run dynalite in a child process, off this process's event loop (benchmarks, sandbox). */
  readonly inChildProcess?: boolean;
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
  if (options.inChildProcess) return startInChildProcess(options.path);
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  addTableSettings(server, { path: options.path });
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

async function startInChildProcess(path: string | undefined): Promise<LocalDynamo> {
  const script = fileURLToPath(new URL("./dynalite-child.ts", import.meta.url));
  const child = fork(script, path ? [path] : [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`dynalite exited early (code ${code})`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
