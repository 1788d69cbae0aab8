import type { EmulatorState } from "../emulator-state.ts";
import type { FaultInjector, FaultRule } from "../faults/fault-injector.ts";
import { FlowValidationError } from "../flow/index.ts";
import type { FlowSessions } from "../flow-host/flow-sessions.ts";
import type { ContactFlowTrace } from "../flow-host/flow-trace.ts";
import { ApiError } from "../http/api-error.ts";
import type { AgentView } from "../model/agent-views.ts";
import type { Contact } from "../model/contact.ts";
import type { AgentStatus } from "../model/instance.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";
import type { Channel } from "../model/instance-seed.ts";
import type { ServicesSeed } from "../model/services-seed.ts";
import type { ApiQuotaGate } from "../quotas/api-quotas.ts";
import type { ParticipantWebsocket, SocketFilter } from "../websocket/participant-websocket.ts";
import { type PlaceVoiceCall, placeVoiceCall } from "./voice-calls.ts";

export type { PlaceVoiceCall } from "./voice-calls.ts";

/** Drives and inspects the emulator from tests and the sandbox (also served under /__emulator). */
export class EmulatorControl {
  private readonly state: EmulatorState;
  readonly faults: FaultInjector;
  /** The account's request-rate quotas: `quotas.configure(table)` changes them. */
  readonly quotas: ApiQuotaGate;
  private readonly websocket: ParticipantWebsocket;
  private readonly flows: FlowSessions;

  constructor(options: {
    state: EmulatorState;
    faults: FaultInjector;
    quotas: ApiQuotaGate;
    websocket: ParticipantWebsocket;
    flows: FlowSessions;
  }) {
    this.state = options.state;
    this.faults = options.faults;
    this.quotas = options.quotas;
    this.websocket = options.websocket;
    this.flows = options.flows;
  }

  runtime(instanceId?: string): InstanceRuntime {
    if (instanceId) return this.state.runtime(instanceId);
    const first = this.state.runtimes.values().next().value;
    if (!first) throw new ApiError("ResourceNotFoundException", "No instance has been created");
    return first;
  }

  /** Places an inbound call into a flow or a queue; a caller script drives the IVR. */
  placeVoiceCall(call: PlaceVoiceCall): Contact {
    const runtime = this.runtime(call.instanceId);
    return placeVoiceCall({ state: this.state, flows: this.flows, runtime }, call);
  }

  /**
   * Replaces what the instance offers flows beyond queues and hours: flow modules, Lex bots,
   * profiles, cases, third parties, Voice ID and assistants (model/services-seed.ts).
   */
  setServices(seed: ServicesSeed, instanceId?: string): void {
    const runtime = this.runtime(instanceId);
    try {
      runtime.setServices(seed);
    } catch (error) {
      if (!(error instanceof FlowValidationError)) throw error;
      throw new ApiError("InvalidParameterException", `a flow module: ${error.message}`);
    }
  }

  /** What flows asked of the services: tasks, utterances, legs dialled, SMS and persistent chats. */
  serviceRequests(instanceId?: string) {
    return this.runtime(instanceId).services.requests();
  }

  /** What the contact's caller heard and the path each of its flow runs took. */
  flowTrace(contactId: string): ContactFlowTrace {
    this.requireContact(contactId);
    return this.flows.trace(contactId);
  }

  /** The step-by-step guides agents were shown about a contact (ShowView in DefaultAgentUI). */
  agentViews(contactId: string): AgentView[] {
    return this.requireContact(contactId).runtime.agentViews.forContact(contactId);
  }

  /** The agent picks `result` ("Back", an action) in an open guide view of the contact. */
  chooseInAgentView(contactId: string, viewId: string, result: string): void {
    const found = this.requireContact(contactId);
    if (!found.runtime.agentViews.choose(viewId, result)) {
      throw new ApiError("ResourceNotFoundException", `No open view ${viewId} for ${contactId}`);
    }
  }

  hangUp(contactId: string): void {
    const found = this.requireContact(contactId);
    found.runtime.model.customerEnd(contactId, "CUSTOMER_DISCONNECT");
  }

  agentAccept(agent: string, contactId: string): void {
    const found = this.requireContact(contactId);
    found.runtime.model.accept(contactId, this.agentId(found.runtime, agent));
  }

  agentReject(agent: string, contactId: string): void {
    const found = this.requireContact(contactId);
    found.runtime.model.reject(contactId, this.agentId(found.runtime, agent));
  }

  agentSend(agent: string, contactId: string, content: string, contentType = "text/plain") {
    const found = this.requireContact(contactId);
    if (found.contact.agentId !== this.agentId(found.runtime, agent)) {
      throw new ApiError("ConflictException", `Contact ${contactId} is not with agent ${agent}`);
    }
    return this.state.chatService.agentPost(contactId, { contentType, content });
  }

  /**
   * The agent attaches a file in the chat, as the agent workspace does: the same type and size
   * rules as StartAttachmentUpload, then an ATTACHMENT item from the agent (protocols.md §4).
   */
  agentSendAttachment(
    agent: string,
    contactId: string,
    file: { fileName: string; contentType: string; bytes: Buffer },
  ) {
    const found = this.requireContact(contactId);
    if (found.contact.agentId !== this.agentId(found.runtime, agent)) {
      throw new ApiError("ConflictException", `Contact ${contactId} is not with agent ${agent}`);
    }
    const room = this.state.chats.rooms.get(contactId);
    if (!room || room.ended) throw new ApiError("ResourceNotFoundException", "No live chat");
    const participant = this.state.chatService.agentParticipant(room);
    if (!participant) throw new ApiError("ConflictException", "No agent has joined this chat");
    const { attachments } = this.state;
    attachments.checkFile({ contentType: file.contentType, sizeInBytes: file.bytes.length });
    const attachment = attachments.create({
      room,
      participant,
      name: file.fileName,
      contentType: file.contentType,
      sizeInBytes: file.bytes.length,
    });
    attachment.bytes = file.bytes;
    const item = attachments.complete(attachment, room, participant);
    return { attachmentId: attachment.id, itemId: item?.Id ?? "" };
  }

  agentEnd(agent: string, contactId: string): void {
    const found = this.requireContact(contactId);
    found.runtime.model.agentEnd(contactId, this.agentId(found.runtime, agent));
  }

  setAgentStatus(agent: string, status: AgentStatus, instanceId?: string): void {
    const runtime = this.runtime(instanceId);
    const found = runtime.instance.findAgent(agent);
    if (!found) throw new ApiError("ResourceNotFoundException", `Agent not found: ${agent}`);
    found.status = status;
    runtime.model.route();
  }

  /** A customer message on a chat with no participant connection (SMS, WhatsApp). */
  customerSend(contactId: string, content: string, contentType = "text/plain") {
    const room = this.state.chats.rooms.get(contactId);
    const customer = room?.customer();
    if (!room || !customer || room.ended)
      throw new ApiError("ResourceNotFoundException", "No live chat");
    return room.post(customer, { type: "MESSAGE", contentType, content });
  }

  subscribe(topicArn: string, url: string): void {
    this.state.streaming.subscribe(topicArn, url);
  }

  setEstimatedWait(options: {
    queue: string;
    channel: Channel;
    seconds?: number;
    instanceId?: string;
  }) {
    const runtime = this.runtime(options.instanceId);
    runtime.estimator.setOverride(
      runtime.instance.requireQueue(options.queue).id,
      options.channel,
      options.seconds,
    );
  }

  setFault(operation: string, rule: FaultRule): void {
    this.faults.set(operation, rule);
  }

  dropWebsockets(filter: SocketFilter = {}): number {
    return this.websocket.drop(filter);
  }

  /** How many participant websockets matching the filter are open, without touching them. */
  openWebsockets(filter: SocketFilter = {}): number {
    return this.websocket.count(filter);
  }

  contacts(instanceId?: string): Contact[] {
    return [...this.runtime(instanceId).instance.contacts.values()];
  }

  transcript(contactId: string) {
    const room = this.state.chats.rooms.get(contactId);
    if (!room) throw new ApiError("ResourceNotFoundException", `No chat for ${contactId}`);
    return room.items;
  }

  deliveries() {
    return this.state.streaming.deliveries;
  }

  /** Waits until every streaming delivery queued so far has been attempted. */
  flushStreaming(): Promise<void> {
    return this.state.streaming.flush();
  }

  callCounts(): Record<string, number> {
    return Object.fromEntries(this.state.callCounts);
  }

  resetCallCounts(): void {
    this.state.callCounts.clear();
  }

  private agentId(runtime: InstanceRuntime, agent: string): string {
    const found = runtime.instance.findAgent(agent);
    if (!found) throw new ApiError("ResourceNotFoundException", `Agent not found: ${agent}`);
    return found.id;
  }

  private requireContact(contactId: string) {
    const found = this.state.findContact(contactId);
    if (!found) throw new ApiError("ResourceNotFoundException", `Contact not found: ${contactId}`);
    return found;
  }
}
