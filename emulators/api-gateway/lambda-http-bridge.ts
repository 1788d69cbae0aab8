import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export type LambdaHttpHandler = (event: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LambdaHttpBridge {
  readonly url: string;
  setHandler(handler: LambdaHttpHandler): void;
  close(): Promise<void>;
}

/** An HTTP API takes a payload of at most 10 MB (API Gateway developer guide, HTTP API quotas). */
export const HTTP_API_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * Plays API Gateway's HTTP API in front of a Lambda handler: each HTTP request becomes a
 * payload-2.0 event (route `ANY /webhooks/{channel}`), and the handler's result the answer.
 * With `base64` set, bodies arrive base64-encoded, as API Gateway does for binary types.
 * A body over the payload quota is refused with 413 before it is read whole, a handler that
 * throws answers 500 as the gateway does, and a client that hangs up mid-body costs only its
 * own request.
 */
export async function startLambdaHttpBridge(
  options: { base64?: boolean } = {},
): Promise<LambdaHttpBridge> {
  let handler: LambdaHttpHandler | undefined;
  const server = createServer(async (req, res) => {
    // A client gone mid-request must not take the server with it.
    req.on("error", () => req.destroy());
    res.on("error", () => res.destroy());
    const body = await readBody(req).catch((error: unknown) => error as Error);
    if (body instanceof Error) {
      if (body instanceof PayloadTooLargeError) answer(res, 413, "Request Entity Too Large");
      else req.destroy();
      return;
    }
    const event = toEvent(req, body, options.base64 ?? false);
    let result: APIGatewayProxyStructuredResultV2;
    try {
      result = handler
        ? await handler(event)
        : { statusCode: 503, body: "no handler", headers: {} };
    } catch {
      answer(res, 500, "Internal Server Error");
      return;
    }
    res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    res.end(result.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setHandler: (next) => {
      handler = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

class PayloadTooLargeError extends Error {}

/** The gateway's own answers carry `{"message": …}`. */
function answer(res: ServerResponse, statusCode: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(statusCode, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ message }));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > HTTP_API_MAX_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > HTTP_API_MAX_PAYLOAD_BYTES) throw new PayloadTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(req: IncomingMessage, body: Buffer, base64: boolean): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://bridge");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const channel = /^\/webhooks\/([^/]+)/.exec(url.pathname)?.[1];
  const method = req.method ?? "GET";
  return {
    version: "2.0",
    routeKey: "ANY /webhooks/{channel}",
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    headers,
    ...(channel ? { pathParameters: { channel } } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "local",
      domainName: "127.0.0.1",
      domainPrefix: "127",
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "",
      },
      requestId: `${Date.now()}`,
      routeKey: "ANY /webhooks/{channel}",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body.length > 0 ? { body: body.toString(base64 ? "base64" : "utf8") } : {}),
    isBase64Encoded: base64 && body.length > 0,
  };
}
