import type { LambdaFunctions } from "../../lambda/lambda-functions.ts";
import type { WorkTracker } from "../../shared-http/clock.ts";
import { startRealTimeAnalysis } from "../contact-lens/analytics-behavior.ts";
import type {
  ContactData,
  ContactFlowEvent,
  ContactSetting,
  FlowClock,
  FlowHost,
  FlowParticipant,
  HoursOfOperationInfo,
  LambdaOutcome,
  QueueInfo,
  QueueMetrics,
  QueueRef,
  TransferOutcome,
} from "../flow/index.ts";
import { InstanceServiceHost, type InstanceServices } from "../flow/instance-services.ts";
import { ApiError } from "../http/api-error.ts";
import type { MediaStreaming } from "../media/media-streaming.ts";
import type { Contact } from "../model/contact.ts";
import { currentMetricValue } from "../model/current-metrics.ts";
import type { Queue } from "../model/instance.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";
import { QueueAtCapacityError } from "../model/queue-model.ts";

export interface ConnectFlowHostOptions {
  readonly runtime: InstanceRuntime;
  readonly contact: Contact;
  readonly lambda: LambdaFunctions;
  readonly participant: FlowParticipant;
  readonly clock: FlowClock;
  /** Lets a ManualClock wait for a Lambda doing real I/O before it moves time on. */
  readonly work?: WorkTracker;
  /** Live media streaming to Kinesis Video; without it streaming is only recorded. */
  readonly media?: MediaStreaming;
  /** Set for a DefaultAgentUI run: the agent whose workspace shows its views. */
  readonly agentUi?: { readonly agentId: string | undefined };
}

/** The flow interpreter's host, implemented on the emulator's contact, queue and Lambda models. */
export class ConnectFlowHost extends InstanceServiceHost implements FlowHost {
  readonly clock: FlowClock;
  readonly participant: FlowParticipant;
  readonly settings: ContactSetting[] = [];
  /** Only a DefaultAgentUI run has an agent's workspace to show views in. */
  readonly showView?: NonNullable<FlowHost["showView"]>;

  constructor(private readonly options: ConnectFlowHostOptions) {
    super();
    this.clock = options.clock;
    const { media, contact, participant } = options;
    this.participant =
      media && contact.channel === "VOICE" ? media.tap(contact, participant) : participant;
    const agentUi = options.agentUi;
    if (agentUi) this.showView = (request) => this.showAgentView(agentUi, request);
  }

  private get contact(): Contact {
    return this.options.contact;
  }

  // Modules, Lex bots, profiles, cases and the rest: the instance's (model/services-seed.ts).
  protected get services(): InstanceServices {
    return this.options.runtime.services;
  }

  protected get serviceContactId(): string {
    return this.options.contact.id;
  }

  private queueInfo(queue: Queue): QueueInfo {
    return {
      queueId: queue.id,
      arn: queue.arn,
      name: queue.name,
      ...(queue.outboundCallerIdNumber
        ? { outboundCallerIdAddress: queue.outboundCallerIdNumber }
        : {}),
    };
  }

  private resolve(ref: QueueRef | undefined): Queue | undefined {
    const instance = this.options.runtime.instance;
    if (!ref) return this.contact.queueId ? instance.queues.get(this.contact.queueId) : undefined;
    // Agent queues are not modelled; a transfer to an agent takes the error branch.
    return "queueId" in ref ? instance.findQueue(ref.queueId) : undefined;
  }

  contactData(): ContactData {
    const c = this.contact;
    const queue = this.resolve(undefined);
    return {
      contactId: c.id,
      initialContactId: c.initialContactId,
      ...(c.previousContactId ? { previousContactId: c.previousContactId } : {}),
      channel: c.channel === "CHAT" ? "CHAT" : "VOICE",
      instanceArn: this.options.runtime.instance.arn,
      initiationMethod: c.initiationMethod,
      customerEndpoint: c.customerEndpoint
        ? { Address: c.customerEndpoint.Address, Type: c.customerEndpoint.Type }
        : null,
      systemEndpoint: c.systemEndpoint
        ? { Address: c.systemEndpoint.Address, Type: c.systemEndpoint.Type }
        : null,
      attributes: { ...c.attributes },
      ...(c.languageCode ? { languageCode: c.languageCode } : {}),
      ...(c.textToSpeechVoiceId ? { textToSpeechVoiceId: c.textToSpeechVoiceId } : {}),
      queue: queue ? this.queueInfo(queue) : null,
      mediaStreams: c.mediaStreams ?? null,
    };
  }

  async updateAttributes(target: "Current" | "Related", attributes: Record<string, string>) {
    const instance = this.options.runtime.instance;
    const contact =
      target === "Current"
        ? this.contact
        : instance.contacts.get(this.contact.relatedContactId ?? "");
    if (!contact) return false;
    contact.attributes = { ...contact.attributes, ...attributes };
    return true;
  }

  async setWorkingQueue(ref: QueueRef) {
    const queue = this.resolve(ref);
    if (!queue) return undefined;
    // A waiting contact's queue is where it waits; only a transfer may move it.
    if (this.contact.state !== "QUEUED" && this.contact.state !== "CONNECTING") {
      this.contact.queueId = queue.id;
    }
    return this.queueInfo(queue);
  }

  async transferToQueue(request: { ref?: QueueRef; fromQueue: boolean }): Promise<TransferOutcome> {
    const queue = this.resolve(request.ref);
    if (!queue) return { kind: "failed", reason: "no working queue" };
    const model = this.options.runtime.model;
    try {
      if (request.fromQueue) {
        model.transfer(this.contact.id, queue.id);
      } else {
        model.enqueue(this.contact, queue.id);
      }
      return { kind: "queued", queue: this.queueInfo(queue) };
    } catch (error) {
      if (error instanceof QueueAtCapacityError) return { kind: "atCapacity" };
      return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async queueMetrics(request: {
    ref?: QueueRef;
    channel?: "VOICE" | "CHAT";
  }): Promise<QueueMetrics | undefined> {
    const queue = this.resolve(request.ref);
    if (!queue) return undefined;
    const runtime = this.options.runtime;
    const cell = {
      queueIds: new Set([queue.id]),
      channels: new Set([request.channel ?? this.contactData().channel]),
    };
    const ctx = {
      instance: runtime.instance,
      model: runtime.model,
      estimator: runtime.estimator,
      now: this.clock.now(),
      grouped: true,
    };
    const metric = (name: string) => currentMetricValue(name, cell, ctx) ?? 0;
    return {
      queue: this.queueInfo(queue),
      contactsInQueue: metric("CONTACTS_IN_QUEUE"),
      oldestContactAgeSeconds: metric("OLDEST_CONTACT_AGE"),
      agents: {
        online: metric("AGENTS_ONLINE"),
        available: metric("AGENTS_AVAILABLE"),
        staffed: metric("AGENTS_STAFFED"),
        afterContactWork: metric("AGENTS_AFTER_CONTACT_WORK"),
        busy: metric("AGENTS_ON_CONTACT"),
        missed: 0,
        nonProductive: metric("AGENTS_NON_PRODUCTIVE"),
      },
    };
  }

  /** By id or ARN, else the working queue's; agent queues are not modelled, so have none. */
  async hoursOfOperation(ref: {
    hoursOfOperationId?: string;
  }): Promise<HoursOfOperationInfo | undefined> {
    const id = ref.hoursOfOperationId ?? this.resolve(undefined)?.hoursOfOperationId;
    const hours = id ? this.options.runtime.instance.findHours(id) : undefined;
    if (!hours) return undefined;
    return { hoursOfOperationId: hours.id, timeZone: hours.timeZone, config: hours.config };
  }

  async invokeLambda(request: {
    functionArn: string;
    event: ContactFlowEvent;
    signal: AbortSignal;
  }): Promise<LambdaOutcome> {
    try {
      const invoking = this.options.lambda.invoke(request.functionArn, request.event);
      const result = await (this.options.work ? this.options.work.track(invoking) : invoking);
      if (result.functionError)
        return { kind: "functionError", message: JSON.stringify(result.payload) };
      return { kind: "ok", payload: JSON.stringify(result.payload) };
    } catch (error) {
      if (error instanceof ApiError && error.errorName === "ResourceNotFoundException")
        return { kind: "notFound" };
      return { kind: "serviceError", statusCode: 500 };
    }
  }

  async applySetting(setting: ContactSetting) {
    this.settings.push(setting);
    if (setting.kind === "eventHooks") return this.setEventHooks(setting.hooks);
    if (setting.kind === "voice") this.contact.textToSpeechVoiceId = setting.voiceId;
    if (setting.kind === "language") this.contact.languageCode = setting.languageCode;
    if (setting.kind === "mediaStreaming") this.setMediaStreaming(setting.enabled);
    // DescribeContact shows the tags a flow set.
    if (setting.kind === "tags") Object.assign(this.contact.tags, setting.tags);
    if (setting.kind === "recording") {
      const { parameters } = setting;
      startRealTimeAnalysis({ contact: this.contact, parameters, now: this.clock.now() });
    }
    return true;
  }

  /**
   * The CustomerQueue hook (a customer queue flow run while the contact waits) and the
   * DefaultAgentUI hook (a flow run for the agent's workspace when an agent is offered the
   * contact) are modelled; each must name a flow of the instance.
   */
  private setEventHooks(hooks: Readonly<Record<string, string>>): boolean {
    const instance = this.options.runtime.instance;
    if (hooks.CustomerQueue !== undefined) {
      const flow = instance.findFlow(hooks.CustomerQueue);
      if (flow?.type !== "CUSTOMER_QUEUE") return false;
      this.contact.customerQueueFlowId = flow.id;
    }
    if (hooks.DefaultAgentUI !== undefined) {
      const flow = instance.findFlow(hooks.DefaultAgentUI);
      if (!flow || flow.type === "CUSTOMER_QUEUE") return false;
      this.contact.agentUiFlowId = flow.id;
    }
    return true;
  }

  private showAgentView(
    agentUi: { readonly agentId: string | undefined },
    request: Parameters<NonNullable<FlowHost["showView"]>>[0],
  ): Promise<string> {
    return this.options.runtime.agentViews.show(
      {
        contactId: this.contact.id,
        agentId: agentUi.agentId,
        viewId: request.viewId,
        viewData: request.viewData,
        shownAt: this.clock.now(),
      },
      request.signal,
    );
  }

  private setMediaStreaming(enabled: boolean): void {
    const media = this.options.media;
    if (media && this.contact.channel === "VOICE") {
      media.setStreaming(this.options.runtime, this.contact, enabled);
      return;
    }
    const now = String(this.clock.now());
    const streams = this.contact.mediaStreams;
    if (!enabled) {
      if (streams) streams.stopTimestamp = now;
      return;
    }
    const { region, accountId } = this.options.runtime.instance;
    this.contact.mediaStreams = {
      streamArn: `arn:aws:kinesisvideo:${region}:${accountId}:stream/connect-contact-${this.contact.id}/${this.clock.now()}`,
      startTimestamp: now,
      startFragmentNumber: "91343852333181432392682062622220590765191907586",
    };
  }

  /**
   * A contact flow hangs up; a customer queue flow takes the caller out of the queue. A guide
   * runs as a contact of its own, so its DisconnectParticipant closes only the guide.
   */
  async disconnect() {
    if (this.options.agentUi) return;
    const model = this.options.runtime.model;
    const state = this.contact.state;
    if (state === "IN_FLOW") model.endInFlow(this.contact.id, "CONTACT_FLOW_DISCONNECT");
    else if (state === "QUEUED" || state === "CONNECTING") model.removeByFlow(this.contact.id);
    else model.customerEnd(this.contact.id, "CONTACT_FLOW_DISCONNECT");
  }
}
