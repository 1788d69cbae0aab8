import type { IncomingHttpHeaders } from "node:http";
import { startWebhookReceiver } from "../../shared-http/webhook-receiver.ts";
import type { ConnectEmulator } from "../connect-emulator.ts";

/** An SNS notification as the emulator posts it to an HTTP subscriber (protocols.md §4). */
export interface SnsNotification {
  readonly TopicArn?: string;
  readonly Message: string;
  readonly MessageAttributes: Record<string, { Type?: string; Value: string }>;
  readonly [field: string]: unknown;
}

export interface SnsDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: SnsNotification;
}

export interface SnsSubscriber {
  /** Every notification posted so far, oldest first. */
  deliveries(): SnsDelivery[];
  close(): Promise<void>;
}

/** A loopback HTTP endpoint subscribed to `topicArn` on the emulator, keeping what it is sent. */
export async function subscribeOverHttp(
  emulator: ConnectEmulator,
  topicArn: string,
): Promise<SnsSubscriber> {
  const receiver = await startWebhookReceiver();
  emulator.control.subscribe(topicArn, `${receiver.url}/sns`);
  return {
    deliveries: () =>
      receiver.received.map((webhook) => ({
        headers: webhook.headers,
        body: JSON.parse(webhook.body) as SnsNotification,
      })),
    close: () => receiver.close(),
  };
}
