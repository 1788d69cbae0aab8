import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { ChatRoom } from "../chat/chat-room.ts";
import type { TranscriptItem } from "../chat/transcript-item.ts";
import { ApiError } from "../http/api-error.ts";

export interface StreamingDelivery {
  readonly streamingId: string;
  readonly topicArn: string;
  readonly url: string;
  readonly itemId: string;
  readonly contactId: string;
  /** 1 for the first attempt, then counting SNS's retries. */
  readonly attempt?: number;
  status?: number;
  error?: string;
  readonly envelope: Record<string, unknown>;
}

interface Stream {
  readonly streamingId: string;
  readonly contactId: string;
  readonly topicArn: string;
  readonly unsubscribe: () => void;
  /** Deliveries of one stream go out one after another, in item order, as SNS does per topic. */
  chain: Promise<void>;
}

/**
 * How a failed HTTP/S delivery is retried. SNS's default for HTTP/S subscribers is three
 * retries, 20 s apart (SNS developer guide, "Amazon SNS message delivery retries"); retries
 * run apart from the stream's later items, so a retried item can arrive after newer ones.
 */
export interface DeliveryPolicy {
  readonly numRetries: number;
  readonly retryDelayMs: number;
}

export const SNS_HTTP_DEFAULT_POLICY: DeliveryPolicy = { numRetries: 3, retryDelayMs: 20_000 };

export interface StreamOwner {
  readonly accountId: string;
  readonly instanceId: string;
}

function keyPair() {
  return generateKeyPairSync("rsa", { modulusLength: 2048 });
}

/** Chat streaming: every item of a streamed chat goes to the topic's subscribers as SNS does. */
export class ChatStreaming {
  private readonly subscriptions = new Map<string, Set<string>>();
  private readonly streams = new Map<string, Stream>();
  readonly deliveries: StreamingDelivery[] = [];
  private signingKeys: ReturnType<typeof keyPair> | undefined;
  private policy: DeliveryPolicy = SNS_HTTP_DEFAULT_POLICY;
  private readonly retries = new Set<Promise<void>>();

  constructor(private readonly baseUrl: () => string) {}

  // Made on first use: an RSA key pair costs about 100 ms, which most emulator starts never need.
  private get keys(): ReturnType<typeof keyPair> {
    this.signingKeys ??= keyPair();
    return this.signingKeys;
  }

  /** The PEM public key the envelopes are signed with (served by the inspection API). */
  publicKeyPem(): string {
    return this.keys.publicKey.export({ type: "spki", format: "pem" }).toString();
  }

  subscribe(topicArn: string, url: string): void {
    const urls = this.subscriptions.get(topicArn) ?? new Set<string>();
    urls.add(url);
    this.subscriptions.set(topicArn, urls);
  }

  unsubscribe(topicArn: string, url: string): void {
    this.subscriptions.get(topicArn)?.delete(url);
  }

  start(room: ChatRoom, owner: StreamOwner, topicArn: string): string {
    const existing = [...this.streams.values()].filter((s) => s.contactId === room.contactId);
    const same = existing.find((s) => s.topicArn === topicArn);
    if (same) return same.streamingId;
    // At most two SNS topics per contact (chat-message-streaming admin guide).
    if (existing.length >= 2) {
      throw new ApiError("LimitExceededException", "A contact can stream to at most 2 topics");
    }
    const streamingId = crypto.randomUUID();
    const stream: Stream = {
      streamingId,
      contactId: room.contactId,
      topicArn,
      chain: Promise.resolve(),
      unsubscribe: room.subscribe((item) => this.enqueue(stream, owner, item)),
    };
    this.streams.set(streamingId, stream);
    return streamingId;
  }

  stop(contactId: string, streamingId: string): void {
    const stream = this.streams.get(streamingId);
    if (!stream || stream.contactId !== contactId) {
      throw new ApiError("ResourceNotFoundException", `Streaming ${streamingId} not found`);
    }
    stream.unsubscribe();
    this.streams.delete(streamingId);
  }

  /** Sets the retry policy of HTTP/S deliveries (a subscription's DeliveryPolicy in SNS). */
  setDeliveryPolicy(policy: DeliveryPolicy): void {
    this.policy = { ...policy };
  }

  /** Resolves once every delivery queued so far has been attempted (retries may follow). */
  async flush(): Promise<void> {
    await Promise.all([...this.streams.values()].map((stream) => stream.chain));
  }

  /** Resolves once every delivery and every retry the policy allows is over. */
  async settled(): Promise<void> {
    do {
      await this.flush();
      await Promise.all([...this.retries]);
    } while (this.retries.size > 0);
  }

  private enqueue(stream: Stream, owner: StreamOwner, item: TranscriptItem): void {
    const urls = [...(this.subscriptions.get(stream.topicArn) ?? [])];
    const envelope = this.envelope(stream.topicArn, owner, item);
    stream.chain = stream.chain.then(async () => {
      for (const url of urls) await this.deliver(stream, url, item, envelope);
    });
  }

  private async deliver(
    stream: Stream,
    url: string,
    item: TranscriptItem,
    envelope: Record<string, unknown>,
  ): Promise<void> {
    const delivery: StreamingDelivery = {
      streamingId: stream.streamingId,
      topicArn: stream.topicArn,
      url,
      itemId: item.Id,
      contactId: item.ContactId,
      envelope,
    };
    this.deliveries.push(delivery);
    if (!(await this.post(delivery, url, envelope))) this.scheduleRetry(delivery, url, 1);
  }

  private scheduleRetry(delivery: StreamingDelivery, url: string, attempt: number): void {
    if (attempt > this.policy.numRetries) return;
    const retry = new Promise<void>((resolve) => {
      setTimeout(resolve, this.policy.retryDelayMs).unref();
    }).then(async () => {
      const again: StreamingDelivery = { ...delivery, attempt: attempt + 1 };
      this.deliveries.push(again);
      if (!(await this.post(again, url, delivery.envelope))) {
        this.scheduleRetry(delivery, url, attempt + 1);
      }
    });
    this.retries.add(retry);
    void retry.finally(() => this.retries.delete(retry));
  }

  /** One POST; answers whether the subscriber took it (any 2xx, as SNS counts success). */
  private async post(
    delivery: StreamingDelivery,
    url: string,
    envelope: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "text/plain; charset=UTF-8",
          "x-amz-sns-message-type": "Notification",
          "x-amz-sns-message-id": String(envelope.MessageId),
          "x-amz-sns-topic-arn": delivery.topicArn,
        },
        body: JSON.stringify(envelope),
      });
      delivery.status = response.status;
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      delivery.error = describeFailure(error);
      return false;
    }
  }

  private envelope(topicArn: string, owner: StreamOwner, item: TranscriptItem) {
    const messageId = crypto.randomUUID();
    const message = JSON.stringify(item);
    const timestamp = new Date().toISOString();
    const attribute = (Value: string) => ({ Type: "String", Value });
    return {
      Type: "Notification",
      MessageId: messageId,
      TopicArn: topicArn,
      Message: message,
      Timestamp: timestamp,
      SignatureVersion: "1",
      Signature: sign(this.keys.privateKey, { message, messageId, timestamp, topicArn }),
      SigningCertURL: `${this.baseUrl()}/__emulator/sns/signing-key.pem`,
      UnsubscribeURL: `${this.baseUrl()}/__emulator/sns/unsubscribe?TopicArn=${encodeURIComponent(topicArn)}`,
      MessageAttributes: {
        InitialContactId: attribute(item.InitialContactId),
        ContactId: attribute(item.ContactId),
        ParticipantRole: attribute(item.ParticipantRole ?? "SYSTEM"),
        InstanceId: attribute(owner.instanceId),
        AccountId: attribute(owner.accountId),
        Type: attribute(item.Type === "EVENT" ? "EVENT" : "MESSAGE"),
        ContentType: attribute(item.ContentType),
        MessageVisibility: attribute("ALL"),
      },
    };
  }
}

/** fetch's own message is only "fetch failed"; the cause says why (refused, reset, ...). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause ? `${error.message}: ${cause.code ?? cause.message}` : error.message;
}

// SNS SignatureVersion 1: SHA1withRSA over "Key\nValue\n" pairs of a Notification.
function sign(
  key: KeyObject,
  fields: { message: string; messageId: string; timestamp: string; topicArn: string },
): string {
  const text =
    `Message\n${fields.message}\nMessageId\n${fields.messageId}\n` +
    `Timestamp\n${fields.timestamp}\nTopicArn\n${fields.topicArn}\nType\nNotification\n`;
  return createSign("RSA-SHA1").update(text).sign(key, "base64");
}
