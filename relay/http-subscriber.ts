import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidInputError } from "../core/errors.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import type { RelayLogger } from "./relay-logger.ts";
import { errorCode, isRetryable } from "./retry-policy.ts";
import { parseSnsChatItem } from "./sns-chat-item.ts";
import { type SnsEnvelope, snsEnvelopeSchema } from "./sns-envelope.ts";
import type { RelayItem } from "./sns-handler.ts";

// SNS caps a message at 256 KB; the envelope adds signatures and URLs on top.
const MAX_BODY_BYTES = 512 * 1024;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export interface SubscriptionRecord {
  readonly topicArn: string;
  readonly subscribeUrl: string;
  readonly confirmed: boolean;
}

export interface HttpSubscriberOptions {
  readonly relay: RelayItem;
  readonly logger: RelayLogger;
  /** "loopback": confirm subscriptions whose SubscribeURL is on this machine; "record": keep them. */
  readonly confirmSubscriptions: "loopback" | "record";
  /** Checks an envelope's signature; throws SignatureInvalidError. None: trust the network. */
  readonly verify?: (envelope: SnsEnvelope) => Promise<void>;
  readonly port?: number;
}

/**
 * An SNS HTTP endpoint for local runs: the Connect emulator's chat streaming POSTs here.
 * Answers 200 when the item is relayed or can never be, 5xx when a redelivery can succeed
 * (SNS retries 5xx and network errors, not 4xx [unverified: AWS SNS delivery-retry docs]).
 */
export async function startHttpSubscriber(options: HttpSubscriberOptions) {
  const subscriptions: SubscriptionRecord[] = [];
  const server = createServer((request, response) => {
    handle(options, subscriptions, request)
      .then((status) => reply(response, status))
      .catch((error: unknown) => {
        options.logger.error("relay subscriber failed", { code: errorCode(error), error });
        reply(response, 500);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sns`,
    subscriptions,
    /**
     * Stops listening and waits for requests in flight; `dropInFlight` cuts them off instead,
     * as a crash would (SNS then retries them, and the claims keep the retries harmless).
     */
    close: (options: { dropInFlight?: boolean } = {}) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (options.dropInFlight) server.closeAllConnections();
      }),
  };
}

export type HttpSubscriber = Awaited<ReturnType<typeof startHttpSubscriber>>;

async function handle(
  options: HttpSubscriberOptions,
  subscriptions: SubscriptionRecord[],
  request: IncomingMessage,
): Promise<number> {
  if (request.method !== "POST") return 405;
  let envelope: SnsEnvelope;
  try {
    envelope = await readEnvelope(request);
  } catch (error) {
    options.logger.warn("relay subscriber refused a body", { code: errorCode(error), error });
    return 400;
  }
  try {
    await options.verify?.(envelope);
    if (envelope.Type === "Notification") {
      const item = parseSnsChatItem({
        message: envelope.Message,
        attributes: envelope.MessageAttributes,
      });
      await options.relay(item);
    } else if (envelope.Type === "SubscriptionConfirmation") {
      subscriptions.push(await confirm(options, envelope));
    }
    return 200;
  } catch (error) {
    const extra = { messageId: envelope.MessageId, code: errorCode(error), error };
    if (isRetryable(error)) {
      options.logger.warn("relay will take a redelivery", extra);
      return 503;
    }
    options.logger.error("relay dropped a notification", extra);
    return errorCode(error) === "SIGNATURE_INVALID" ? 403 : 200;
  }
}

async function confirm(
  options: HttpSubscriberOptions,
  envelope: Exclude<SnsEnvelope, { Type: "Notification" }>,
): Promise<SubscriptionRecord> {
  const record = { topicArn: envelope.TopicArn, subscribeUrl: envelope.SubscribeURL };
  const host = URL.canParse(envelope.SubscribeURL) ? new URL(envelope.SubscribeURL).hostname : "";
  if (options.confirmSubscriptions !== "loopback" || !LOOPBACK_HOSTS.has(host)) {
    return { ...record, confirmed: false };
  }
  const response = await fetch(envelope.SubscribeURL);
  await response.arrayBuffer();
  return { ...record, confirmed: response.ok };
}

async function readEnvelope(request: IncomingMessage): Promise<SnsEnvelope> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new InvalidInputError("body too large");
    chunks.push(chunk as Buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (cause) {
    throw new InvalidInputError("body is not JSON", { cause });
  }
  const parsed = snsEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError(`not an SNS envelope: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

function reply(response: ServerResponse, status: number): void {
  response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "OK" : "");
}
