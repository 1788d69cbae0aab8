import type { LambdaFunctions } from "../../lambda/lambda-functions.ts";
import type { WorkTracker } from "../../shared-http/clock.ts";
import { startRealTimeAnalysis } from "../contact-lens/analytics-behavior.ts";
import type {
  AgentTransferOutcome,
  ContactData,
  ContactFlowEvent,
  ContactSetting,
  FlowClock,
  FlowHost,
  FlowParticipant,
  HoursOfOperationInfo,
  LambdaOutcome,
  QueueMetrics,
  QueueRef,
  TransferOutcome,
} from "../flow/index.ts";
import { InstanceServiceHost, type InstanceServices } from "../flow/instance-services.ts";
import { ApiError } from "../http/api-error.ts";
import type { MediaStreaming } from "../media/media-streaming.ts";
import type { Contact } from "../model/contact.ts";
import type { Agent, Queue } from "../model/instance.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";
import { QueueAtCapacityError } from "../model/queue-model.ts";
import { applyToContact, callProgress } from "./contact-settings.ts";
import { agentQueueInfo, queueInfo, queueMetricsOf } from "./queue-view.ts";

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

  /** A standard queue; agent queues hold no contacts here, so transfers to one take the error branch. */
  private resolve(ref: QueueRef | undefined): Queue | undefined {
    const instance = this.options.runtime.instance;
    if (!ref) return this.contact.queueId ? instance.queues.get(this.contact.queueId) : undefined;
    return "queueId" in ref ? instance.findQueue(ref.queueId) : undefined;
  }

  private workingAgent(): Agent | undefined {
    const id = this.contact.workingAgentId;
    return id ? this.options.runtime.instance.agents.get(id) : undefined;
  }

  contactData(): ContactData {
    const c = this.contact;
    const agent = this.workingAgent();
    const queue = agent ? undefined : this.resolve(undefined);
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
      queue: agent
        ? agentQueueInfo(this.options.runtime.instance, agent)
        : queue
          ? queueInfo(queue)
          : null,
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
    const instance = this.options.runtime.instance;
    // A waiting contact's queue is where it waits; only a transfer may move it.
    const movable = this.contact.state !== "QUEUED" && this.contact.state !== "CONNECTING";
    if ("agentId" in ref) {
      const agent = instance.findAgent(ref.agentId);
      if (!agent) return undefined;
      if (movable) {
        delete this.contact.queueId;
        this.contact.workingAgentId = agent.id;
      }
      return agentQueueInfo(instance, agent);
    }
    const queue = this.resolve(ref);
    if (!queue) return undefined;
    if (movable) {
      this.contact.queueId = queue.id;
      delete this.contact.workingAgentId;
    }
    return queueInfo(queue);
  }

  /**
   * Offers the contact straight to the agent of the working queue (set by agent, as a user
   * quick connect does); a busy or unavailable agent leaves the flow to disconnect it.
   */
  async transferToAgent(): Promise<AgentTransferOutcome> {
    const agent = this.workingAgent();
    if (!agent || this.contact.state !== "IN_FLOW") return { kind: "noAgent" };
    const offered = this.options.runtime.model.offerToAgent(this.contact.id, agent.id);
    return { kind: offered === "offered" ? "transferred" : "agentBusy", agentId: agent.id };
  }

  /** Answering-machine detection's answer for a campaign call; none for any other contact. */
  async outboundCallStatus(): Promise<string | undefined> {
    return callProgress(this.contact);
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
      return { kind: "queued", queue: queueInfo(queue) };
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
    const channel = request.channel ?? this.contactData().channel;
    return queueMetricsOf({ runtime: this.options.runtime, queue, channel, now: this.clock.now() });
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

  /**
   * Settings that change the contact go to it (contact-settings.ts); the rest (logging,
   * routing, callbacks, message processing, Voice ID) are recorded only. Each one that took is
   * kept in `settings`, which the flow trace shows.
   */
  async applySetting(setting: ContactSetting) {
    const { runtime } = this.options;
    const env = { instance: runtime.instance, contact: this.contact, now: this.clock.now() };
    const applied = applyToContact(setting, env) ?? this.applyMedia(setting);
    if (applied) this.settings.push(setting);
    return applied;
  }

  private applyMedia(setting: ContactSetting): boolean {
    if (setting.kind === "mediaStreaming") this.setMediaStreaming(setting.enabled);
    if (setting.kind === "recording") {
      const { parameters } = setting;
      startRealTimeAnalysis({ contact: this.contact, parameters, now: this.clock.now() });
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
