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

  /** Resolves once every delivery queued so far has been attempted. */
  async flush(): Promise<void> {
    await Promise.all([...this.streams.values()].map((stream) => stream.chain));
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
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "text/plain; charset=UTF-8",
          "x-amz-sns-message-type": "Notification",
          "x-amz-sns-message-id": String(envelope.MessageId),
          "x-amz-sns-topic-arn": stream.topicArn,
        },
        body: JSON.stringify(envelope),
      });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
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
