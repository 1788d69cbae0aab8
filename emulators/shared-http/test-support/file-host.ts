import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A file a test puts on the host: its bytes and the Content-Type it is served with. */
export interface HostedFile {
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export interface FileHost {
  /** Serves the file at `/<name>` from now on; answers its URL. */
  put(name: string, file: HostedFile): string;
  /** A URL that answers `status` with no file. */
  failing(name: string, status: number): string;
  /** How many times each path was fetched. */
  readonly fetches: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A loopback web server for a messaging emulator to fetch files from, as a platform fetches a
 * send's media link (in the product, the link is Connect's GetAttachment URL).
 */
export async function startFileHost(): Promise<FileHost> {
  const files = new Map<string, HostedFile | number>();
  const fetches = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    fetches.set(path, (fetches.get(path) ?? 0) + 1);
    const file = files.get(path);
    if (file === undefined || typeof file === "number") {
      res.writeHead(file ?? 404).end();
      return;
    }
    res
      .writeHead(200, {
        "content-type": file.contentType,
        "content-length": String(file.bytes.byteLength),
      })
      .end(Buffer.from(file.bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    put(name, file) {
      files.set(`/${name}`, file);
      return `${origin}/${name}`;
    },
    failing(name, status) {
      files.set(`/${name}`, status);
      return `${origin}/${name}`;
    },
    fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
