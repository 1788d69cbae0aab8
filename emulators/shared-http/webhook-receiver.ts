import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request an emulator delivered to the receiver. */
export interface ReceivedWebhook {
  readonly method: string;
  /** Path and query as requested. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ReceiverAnswer {
  readonly status: number;
  readonly body?: string;
  readonly contentType?: string;
}

export interface WebhookReceiver {
  /** Origin, e.g. `http://127.0.0.1:40211`; append any path. */
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Changes how the receiver answers from now on. */
  answerWith(answer: (webhook: ReceivedWebhook) => ReceiverAnswer): void;
  close(): Promise<void>;
}

/**
 * A stand-in for the application's webhook endpoint in emulator tests: records what
 * arrives and answers 200 unless told otherwise.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answer: (webhook: ReceivedWebhook) => ReceiverAnswer = () => ({ status: 200, body: "" });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const webhook: ReceivedWebhook = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(webhook);
      const reply = answer(webhook);
      res.writeHead(reply.status, { "content-type": reply.contentType ?? "text/plain" });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith: (next) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
