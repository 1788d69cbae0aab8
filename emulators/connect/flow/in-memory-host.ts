import { randomUUID } from "node:crypto";
import { attributeBytes, MAX_ATTRIBUTE_BYTES } from "./contact-actions.ts";
import type {
  ContactData,
  ContactSetting,
  FlowChannel,
  FlowClock,
  FlowHost,
  FlowParticipant,
  HoursOfOperationInfo,
  LambdaOutcome,
  MediaStreamInfo,
  QueueInfo,
  QueueMetrics,
  QueueRef,
  TransferOutcome,
} from "./flow-host.ts";
import { InMemoryLambdas } from "./in-memory-lambdas.ts";
import {
  InstanceServiceHost,
  InstanceServices,
  type InstanceServicesOptions,
} from "./instance-services.ts";
import type { ContactFlowEvent } from "./lambda-event.ts";

export const DEFAULT_INSTANCE_ARN =
  "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555";

export interface InMemoryQueue {
  readonly queueId: string;
  readonly name: string;
  readonly outboundCallerIdAddress?: string;
  /** Contacts the queue accepts before transfers fail with QueueAtCapacity. */
  readonly capacity?: number;
  contactsInQueue?: number;
  oldestContactAgeSeconds?: number;
  agents?: Partial<QueueMetrics["agents"]>;
  /** The hours CheckHoursOfOperation reads without an id; absent means none (an agent queue). */
  readonly hoursOfOperationId?: string;
}

export interface InMemoryFlowHostOptions extends InstanceServicesOptions {
  readonly clock: FlowClock;
  readonly participant: FlowParticipant;
  readonly channel?: FlowChannel;
  readonly contactId?: string;
  readonly initialContactId?: string;
  readonly customerAddress?: string;
  readonly systemAddress?: string;
  readonly attributes?: Record<string, string>;
  readonly queues?: readonly InMemoryQueue[];
  /** Attributes of the related contact; absent means there is none. */
  readonly relatedAttributes?: Record<string, string>;
  /** Flow ids/ARNs that event hooks may name; absent accepts any. */
  readonly knownFlowIds?: readonly string[];
  readonly instanceArn?: string;
  /** Start as a contact already waiting in this queue (a customer queue flow's contact). */
  readonly queuedIn?: string;
  /** Callback numbers the instance cannot dial (UpdateContactCallbackNumber refuses them). */
  readonly notDialable?: readonly string[];
  /** Hours of operation of the instance, by id (or ARN under `<instanceArn>/operating-hours/`). */
  readonly hoursOfOperation?: readonly HoursOfOperationInfo[];
}

const NO_AGENTS: QueueMetrics["agents"] = {
  online: 0,
  available: 0,
  staffed: 0,
  afterContactWork: 0,
  busy: 0,
  missed: 0,
  nonProductive: 0,
};

/** A small, real FlowHost: one contact, a few queues, registered Lambda handlers. */
export class InMemoryFlowHost extends InstanceServiceHost implements FlowHost {
  readonly clock: FlowClock;
  readonly participant: FlowParticipant;
  readonly lambdas: InMemoryLambdas;
  readonly settings: ContactSetting[] = [];
  attributes: Record<string, string>;
  relatedAttributes: Record<string, string> | undefined;
  workingQueue: QueueInfo | null = null;
  queuedIn: QueueInfo | undefined;
  mediaStreams: MediaStreamInfo | null = null;
  /** Set by UpdateContactData and UpdateContactTextToSpeechVoice; the contact's own otherwise. */
  languageCode: string | undefined;
  textToSpeechVoiceId: string | undefined;
  eventHooks: Record<string, string> = {};
  disconnected = false;
  private readonly queues: Map<string, InMemoryQueue>;
  protected readonly services: InstanceServices;
  private readonly contact: Omit<ContactData, "attributes" | "queue" | "mediaStreams">;

  constructor(private readonly options: InMemoryFlowHostOptions) {
    super();
    this.clock = options.clock;
    this.participant = options.participant;
    this.lambdas = new InMemoryLambdas(options.clock);
    this.services = new InstanceServices(options);
    this.attributes = { ...(options.attributes ?? {}) };
    this.relatedAttributes = options.relatedAttributes
      ? { ...options.relatedAttributes }
      : undefined;
    this.queues = new Map((options.queues ?? []).map((q) => [q.queueId, q]));
    const contactId = options.contactId ?? randomUUID();
    const channel = options.channel ?? "VOICE";
    this.contact = {
      contactId,
      initialContactId: options.initialContactId ?? contactId,
      channel,
      instanceArn: options.instanceArn ?? DEFAULT_INSTANCE_ARN,
      initiationMethod: channel === "VOICE" ? "INBOUND" : "API",
      customerEndpoint: {
        Address: options.customerAddress ?? "+447700900123",
        Type: "TELEPHONE_NUMBER",
      },
      systemEndpoint:
        channel === "VOICE"
          ? { Address: options.systemAddress ?? "+442079460000", Type: "TELEPHONE_NUMBER" }
          : null,
      languageCode: "en-GB",
      textToSpeechVoiceId: "Amy",
    };
    const waiting = options.queuedIn ? this.queues.get(options.queuedIn) : undefined;
    if (waiting) {
      this.workingQueue = this.info(waiting);
      this.queuedIn = this.workingQueue;
    }
  }

  queueArn(queueId: string): string {
    return `${this.contact.instanceArn}/queue/${queueId}`;
  }

  contactData(): ContactData {
    return {
      ...this.contact,
      attributes: { ...this.attributes },
      queue: this.workingQueue,
      mediaStreams: this.mediaStreams,
      ...(this.languageCode ? { languageCode: this.languageCode } : {}),
      ...(this.textToSpeechVoiceId ? { textToSpeechVoiceId: this.textToSpeechVoiceId } : {}),
    };
  }

  async updateAttributes(
    target: "Current" | "Related",
    attributes: Record<string, string>,
  ): Promise<boolean> {
    const current = target === "Current" ? this.attributes : this.relatedAttributes;
    if (!current) return false;
    const merged = { ...current, ...attributes };
    if (attributeBytes(merged) > MAX_ATTRIBUTE_BYTES) return false;
    if (target === "Current") this.attributes = merged;
    else this.relatedAttributes = merged;
    return true;
  }

  /** Accepts a queue id or a queue ARN of this instance; agent queues are not modelled here. */
  private resolveQueue(ref: QueueRef): InMemoryQueue | undefined {
    if (!("queueId" in ref)) return undefined;
    const id = ref.queueId.startsWith("arn:") ? ref.queueId.split("/queue/")[1] : ref.queueId;
    if (
      ref.queueId.startsWith("arn:") &&
      !ref.queueId.startsWith(`${this.contact.instanceArn}/queue/`)
    ) {
      return undefined;
    }
    return id === undefined ? undefined : this.queues.get(id);
  }

  private info(queue: InMemoryQueue): QueueInfo {
    return {
      queueId: queue.queueId,
      arn: this.queueArn(queue.queueId),
      name: queue.name,
      ...(queue.outboundCallerIdAddress
        ? { outboundCallerIdAddress: queue.outboundCallerIdAddress }
        : {}),
    };
  }

  async setWorkingQueue(ref: QueueRef): Promise<QueueInfo | undefined> {
    const queue = this.resolveQueue(ref);
    if (!queue) return undefined;
    this.workingQueue = this.info(queue);
    return this.workingQueue;
  }

  async transferToQueue(request: { ref?: QueueRef; fromQueue: boolean }): Promise<TransferOutcome> {
    if (request.fromQueue !== (this.queuedIn !== undefined)) {
      return {
        kind: "failed",
        reason: request.fromQueue ? "contact is not queued" : "contact is already queued",
      };
    }
    const ref =
      request.ref ?? (this.workingQueue ? { queueId: this.workingQueue.queueId } : undefined);
    const queue = ref ? this.resolveQueue(ref) : undefined;
    if (!queue) return { kind: "failed", reason: "no such queue" };
    const size = queue.contactsInQueue ?? 0;
    if (queue.capacity !== undefined && size >= queue.capacity) return { kind: "atCapacity" };
    if (this.queuedIn) {
      const previous = this.queues.get(this.queuedIn.queueId);
      if (previous) previous.contactsInQueue = Math.max(0, (previous.contactsInQueue ?? 1) - 1);
    }
    queue.contactsInQueue = size + 1;
    this.queuedIn = this.info(queue);
    return { kind: "queued", queue: this.queuedIn };
  }

  /** Per-queue figures; the channel filter is not modelled (one set of figures per queue). */
  async queueMetrics(request: {
    ref?: QueueRef;
    channel?: FlowChannel;
  }): Promise<QueueMetrics | undefined> {
    const ref =
      request.ref ?? (this.workingQueue ? { queueId: this.workingQueue.queueId } : undefined);
    const queue = ref ? this.resolveQueue(ref) : undefined;
    if (!queue) return undefined;
    return {
      queue: this.info(queue),
      contactsInQueue: queue.contactsInQueue ?? 0,
      oldestContactAgeSeconds: queue.oldestContactAgeSeconds ?? 0,
      agents: { ...NO_AGENTS, ...queue.agents },
    };
  }

  async hoursOfOperation(ref: {
    hoursOfOperationId?: string;
  }): Promise<HoursOfOperationInfo | undefined> {
    const working = this.workingQueue && this.queues.get(this.workingQueue.queueId);
    const id = ref.hoursOfOperationId ?? working?.hoursOfOperationId;
    if (id === undefined) return undefined;
    const prefix = `${this.contact.instanceArn}/operating-hours/`;
    const bare = id.startsWith(prefix) ? id.slice(prefix.length) : id;
    return this.options.hoursOfOperation?.find((hours) => hours.hoursOfOperationId === bare);
  }

  invokeLambda(request: {
    functionArn: string;
    event: ContactFlowEvent;
    signal: AbortSignal;
  }): Promise<LambdaOutcome> {
    return this.lambdas.invoke(request);
  }

  protected get serviceContactId(): string {
    return this.contact.contactId;
  }

  /** Every task a flow created, in order. */
  get tasks() {
    return this.services.tasks;
  }

  /** Every utterance a Lex bot was given, in order. */
  get lexRequests() {
    return this.services.lexRequests;
  }

  /** Every third-party leg a flow dialled, in order. */
  get dialled() {
    return this.services.dialled;
  }

  async applySetting(setting: ContactSetting): Promise<boolean> {
    if (setting.kind === "mediaStreaming") return this.setMediaStreaming(setting.enabled);
    if (
      setting.kind === "callbackNumber" &&
      this.options.notDialable?.includes(setting.phoneNumber)
    )
      return false;
    if (setting.kind === "voice") this.textToSpeechVoiceId = setting.voiceId;
    if (setting.kind === "language" && setting.languageCode)
      this.languageCode = setting.languageCode;
    if (setting.kind === "eventHooks") {
      const known = this.options.knownFlowIds;
      if (known && Object.values(setting.hooks).some((id) => !known.includes(id))) return false;
      Object.assign(this.eventHooks, setting.hooks);
    }
    this.settings.push(setting);
    return true;
  }

  private setMediaStreaming(enabled: boolean): boolean {
    this.settings.push({ kind: "mediaStreaming", enabled });
    const now = String(this.clock.now());
    if (enabled) {
      const region = this.contact.instanceArn.split(":")[3];
      this.mediaStreams = {
        streamArn: `arn:aws:kinesisvideo:${region}:111122223333:stream/connect-contact-${this.contact.contactId}/1`,
        startTimestamp: now,
        startFragmentNumber: "91343852333181432392682062622220590765191907586",
      };
      return true;
    }
    if (!this.mediaStreams) return false;
    this.mediaStreams = {
      ...this.mediaStreams,
      stopTimestamp: now,
      stopFragmentNumber: "91343852333181432392682062622220590765191907999",
    };
    return true;
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
}
