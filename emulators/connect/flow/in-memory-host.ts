import { randomUUID } from "node:crypto";
import { attributeBytes, MAX_ATTRIBUTE_BYTES } from "./contact-actions.ts";
import type { AgentTransferOutcome, ContactSetting } from "./contact-setting.ts";
import type {
  ContactData,
  FlowChannel,
  FlowClock,
  FlowHost,
  FlowParticipant,
  HoursOfOperationInfo,
  LambdaOutcome,
  QueueInfo,
  QueueMetrics,
  QueueRef,
  TransferOutcome,
} from "./flow-host.ts";
import {
  InMemoryContactState,
  type InMemoryContactStateOptions,
} from "./in-memory-contact-state.ts";
import { InMemoryLambdas } from "./in-memory-lambdas.ts";
import { type InMemoryQueue, InMemoryQueues } from "./in-memory-queues.ts";
import {
  InstanceServiceHost,
  InstanceServices,
  type InstanceServicesOptions,
} from "./instance-services.ts";
import type { ContactFlowEvent } from "./lambda-event.ts";

export type { InMemoryQueue };

export const DEFAULT_INSTANCE_ARN =
  "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555";

export interface InMemoryFlowHostOptions
  extends InstanceServicesOptions,
    InMemoryContactStateOptions {
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
  /** The agent a transfer-to-agent quick connect chose, and whether they are with someone. */
  readonly transferAgent?: { readonly agentId: string; readonly busy?: boolean };
  /** Answering-machine detection's result, for an outbound campaign call. */
  readonly outboundCallStatus?: string;
}

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
  /** Set by UpdateContactData and UpdateContactTextToSpeechVoice; the contact's own otherwise. */
  languageCode: string | undefined;
  textToSpeechVoiceId: string | undefined;
  eventHooks: Record<string, string> = {};
  /** Tags, pause, held participants, message processing and the outbound call placed. */
  readonly contactState: InMemoryContactState;
  disconnected = false;
  private readonly queues: InMemoryQueues;
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
    this.queues = new InMemoryQueues(
      options.instanceArn ?? DEFAULT_INSTANCE_ARN,
      options.queues ?? [],
    );
    const contactId = options.contactId ?? randomUUID();
    const channel = options.channel ?? "VOICE";
    const region = (options.instanceArn ?? DEFAULT_INSTANCE_ARN).split(":")[3];
    this.contactState = new InMemoryContactState(options, {
      clock: options.clock,
      streamArn: `arn:aws:kinesisvideo:${region}:111122223333:stream/connect-contact-${contactId}/1`,
    });
    this.contact = {
      contactId,
      initialContactId: options.initialContactId ?? contactId,
      ...(options.previousContactId ? { previousContactId: options.previousContactId } : {}),
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
    const waiting = options.queuedIn ? this.queues.byId(options.queuedIn) : undefined;
    if (waiting) {
      this.workingQueue = this.queues.info(waiting);
      this.queuedIn = this.workingQueue;
    }
  }

  queueArn(queueId: string): string {
    return this.queues.arn(queueId);
  }

  contactData(): ContactData {
    return {
      ...this.contact,
      attributes: { ...this.attributes },
      queue: this.workingQueue,
      mediaStreams: this.contactState.mediaStreams,
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

  async setWorkingQueue(ref: QueueRef): Promise<QueueInfo | undefined> {
    const queue = this.queues.resolve(ref);
    if (!queue) return undefined;
    this.workingQueue = this.queues.info(queue);
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
    const queue = ref ? this.queues.resolve(ref) : undefined;
    if (!queue) return { kind: "failed", reason: "no such queue" };
    const size = queue.contactsInQueue ?? 0;
    if (queue.capacity !== undefined && size >= queue.capacity) return { kind: "atCapacity" };
    if (this.queuedIn) {
      const previous = this.queues.byId(this.queuedIn.queueId);
      if (previous) previous.contactsInQueue = Math.max(0, (previous.contactsInQueue ?? 1) - 1);
    }
    queue.contactsInQueue = size + 1;
    this.queuedIn = this.queues.info(queue);
    return { kind: "queued", queue: this.queuedIn };
  }

  /** Per-queue figures; the channel filter is not modelled (one set of figures per queue). */
  async queueMetrics(request: {
    ref?: QueueRef;
    channel?: FlowChannel;
  }): Promise<QueueMetrics | undefined> {
    const ref =
      request.ref ?? (this.workingQueue ? { queueId: this.workingQueue.queueId } : undefined);
    const queue = ref ? this.queues.resolve(ref) : undefined;
    if (!queue) return undefined;
    return this.queues.metrics(queue);
  }

  async hoursOfOperation(ref: {
    hoursOfOperationId?: string;
  }): Promise<HoursOfOperationInfo | undefined> {
    const working = this.workingQueue && this.queues.byId(this.workingQueue.queueId);
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

  /** Every outbound SMS contact a flow started, and every chat it made persistent. */
  get messaging() {
    const { outboundChats, persistentChats } = this.services;
    return { outboundChats, persistentChats };
  }

  async transferToAgent(): Promise<AgentTransferOutcome> {
    const agent = this.options.transferAgent;
    if (!agent) return { kind: "noAgent" };
    return { kind: agent.busy ? "agentBusy" : "transferred", agentId: agent.agentId };
  }

  async outboundCallStatus(): Promise<string | undefined> {
    return this.options.outboundCallStatus;
  }

  async applySetting(setting: ContactSetting): Promise<boolean> {
    const applied = this.contactState.apply(setting);
    if (applied !== undefined) {
      if (applied) this.settings.push(setting);
      return applied;
    }
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

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
}
