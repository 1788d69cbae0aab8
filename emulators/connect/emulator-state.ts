import type { Clock } from "../shared-http/clock.ts";
import { ChatAttachments } from "./chat/chat-attachments.ts";
import { ChatRegistry } from "./chat/chat-registry.ts";
import { ChatService } from "./chat/chat-service.ts";
import { ApiError } from "./http/api-error.ts";
import type { Contact } from "./model/contact.ts";
import { InstanceRuntime } from "./model/instance-runtime.ts";
import type { InstanceSeed } from "./model/instance-seed.ts";
import { ChatStreaming } from "./streaming/chat-streaming.ts";

export interface EmulatorStateOptions {
  readonly clock: Clock;
  readonly random: () => number;
  readonly baseUrl: () => string;
}

/** Everything the API handlers share: instances, chats, streaming, idempotency, call counts. */
export class EmulatorState {
  readonly clock: Clock;
  readonly random: () => number;
  readonly runtimes = new Map<string, InstanceRuntime>();
  readonly chats: ChatRegistry;
  readonly chatService: ChatService;
  readonly streaming: ChatStreaming;
  /** Files in chats and their presigned upload and download links. */
  readonly attachments: ChatAttachments;
  readonly callCounts = new Map<string, number>();
  /** ClientToken → the response first given for it, per operation. */
  readonly idempotency = new Map<string, { fingerprint: string; response: unknown }>();

  private readonly baseUrl: () => string;

  constructor(options: EmulatorStateOptions) {
    this.baseUrl = options.baseUrl;
    this.clock = options.clock;
    this.random = options.random;
    this.chats = new ChatRegistry(this.clock);
    this.chatService = new ChatService(this.chats, this.clock);
    this.streaming = new ChatStreaming(options.baseUrl);
    this.attachments = new ChatAttachments(this.clock, options.baseUrl);
  }

  /** The participant websocket endpoint, on the same origin as the APIs. */
  websocketBase(): string {
    return `${this.baseUrl().replace(/^http/, "ws")}/connect/websocket`;
  }

  url(): string {
    return this.baseUrl();
  }

  addInstance(seed: InstanceSeed): InstanceRuntime {
    const runtime = new InstanceRuntime({
      seed,
      clock: this.clock,
      random: this.random,
      events: [this.chatService],
    });
    this.runtimes.set(runtime.instance.id, runtime);
    return runtime;
  }

  /** The runtime for an instance id or ARN, or Connect's ResourceNotFoundException. */
  runtime(instanceRef: string): InstanceRuntime {
    const id = instanceRef.split("/").pop() ?? instanceRef;
    const runtime = this.runtimes.get(id);
    if (!runtime)
      throw new ApiError("ResourceNotFoundException", `Instance not found: ${instanceRef}`);
    return runtime;
  }

  contact(instanceRef: string, contactId: string): { runtime: InstanceRuntime; contact: Contact } {
    const runtime = this.runtime(instanceRef);
    const contact = runtime.instance.contacts.get(contactId);
    if (!contact)
      throw new ApiError("ResourceNotFoundException", `Contact not found: ${contactId}`);
    return { runtime, contact };
  }

  /** Finds a contact in any instance (the participant API has no instance id). */
  findContact(contactId: string): { runtime: InstanceRuntime; contact: Contact } | undefined {
    for (const runtime of this.runtimes.values()) {
      const contact = runtime.instance.contacts.get(contactId);
      if (contact) return { runtime, contact };
    }
    return undefined;
  }

  recordCall(operation: string): void {
    this.callCounts.set(operation, (this.callCounts.get(operation) ?? 0) + 1);
  }

  /**
   * Returns the stored response for a repeated ClientToken, runs `create` for a new one, and
   * refuses a token reused with different parameters (Connect's IdempotencyException).
   */
  idempotent<T>(
    key: { operation: string; token?: string | undefined; params: unknown },
    create: () => T,
  ): T {
    if (!key.token) return create();
    const storeKey = `${key.operation}|${key.token}`;
    const fingerprint = JSON.stringify(key.params);
    const previous = this.idempotency.get(storeKey);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new ApiError(
          "IdempotencyException",
          "ClientToken was already used with other parameters",
        );
      }
      return previous.response as T;
    }
    const response = create();
    this.idempotency.set(storeKey, { fingerprint, response });
    return response;
  }
}
