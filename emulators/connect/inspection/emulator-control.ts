import type { EmulatorState } from "../emulator-state.ts";
import type { FaultInjector, FaultRule } from "../faults/fault-injector.ts";
import { ApiError } from "../http/api-error.ts";
import type { Contact } from "../model/contact.ts";
import type { AgentStatus } from "../model/instance.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";
import type { Channel } from "../model/instance-seed.ts";
import type { ParticipantWebsocket } from "../websocket/participant-websocket.ts";

export interface PlaceVoiceCall {
  readonly instanceId?: string;
  /** Put the call straight into this queue (id, ARN or name)… */
  readonly queue?: string;
  /** …or run this flow (id, ARN or name). */
  readonly flow?: string;
  readonly customerNumber?: string;
  readonly systemNumber?: string;
  readonly attributes?: Record<string, string>;
  /** The caller hangs up if still waiting in queue after this long. */
  readonly abandonAfterSeconds?: number;
}

/** Drives and inspects the emulator from tests and the sandbox (also served under /__emulator). */
export class EmulatorControl {
  constructor(
    private readonly state: EmulatorState,
    readonly faults: FaultInjector,
    private readonly websocket: ParticipantWebsocket,
  ) {}

  runtime(instanceId?: string): InstanceRuntime {
    if (instanceId) return this.state.runtime(instanceId);
    const first = this.state.runtimes.values().next().value;
    if (!first) throw new ApiError("ResourceNotFoundException", "No instance has been created");
    return first;
  }

  placeVoiceCall(call: PlaceVoiceCall): Contact {
    const runtime = this.runtime(call.instanceId);
    const flow = call.flow ? runtime.instance.findFlow(call.flow) : undefined;
    if (call.flow && !flow)
      throw new ApiError("ResourceNotFoundException", `Flow not found: ${call.flow}`);
    const contact = runtime.createContact({
      channel: "VOICE",
      initiationMethod: "INBOUND",
      ...(flow ? { contactFlowId: flow.id } : {}),
      ...(call.attributes ? { attributes: call.attributes } : {}),
      customerEndpoint: {
        Type: "TELEPHONE_NUMBER",
        Address: call.customerNumber ?? "+15550100000",
      },
      systemEndpoint: { Type: "TELEPHONE_NUMBER", Address: call.systemNumber ?? "+15550199999" },
    });
    if (call.abandonAfterSeconds !== undefined) {
      this.state.clock.setTimeout(() => {
        if (contact.state === "QUEUED" || contact.state === "CONNECTING") {
          runtime.model.customerEnd(contact.id, "CUSTOMER_DISCONNECT");
        }
      }, call.abandonAfterSeconds * 1000);
    }
    if (call.queue) runtime.model.enqueue(contact, runtime.instance.requireQueue(call.queue).id);
    else runtime.runFlow(contact);
    return contact;
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

  dropWebsockets(filter: { contactId?: string; participantId?: string } = {}): number {
    return this.websocket.drop(filter);
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
