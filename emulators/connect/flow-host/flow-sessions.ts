import type { LambdaFunctions } from "../../lambda/lambda-functions.ts";
import type { Clock, WorkTracker } from "../../shared-http/clock.ts";
import type { EmulatorState } from "../emulator-state.ts";
import { flowTypeOptions } from "../flow/flow-types.ts";
import {
  type FlowDocument,
  type FlowKind,
  type FlowParticipant,
  type FlowRunResult,
  flowClockFromTimers,
  loadFlow,
  runFlow,
  ScriptedCaller,
  ScriptedChatCustomer,
} from "../flow/index.ts";
import type { MediaStreaming } from "../media/media-streaming.ts";
import type { Contact } from "../model/contact.ts";
import type { Flow } from "../model/instance.ts";
import type { FlowRunner, InstanceRuntime } from "../model/instance-runtime.ts";
import type { ContactEvents } from "../model/queue-model.ts";
import { ChatRoomParticipant } from "./chat-room-participant.ts";
import { ConnectFlowHost } from "./connect-flow-host.ts";
import {
  type ContactFlowTrace,
  type FlowRunRecord,
  finishRecord,
  startRecord,
  traceOf,
} from "./flow-trace.ts";

interface ActiveRun {
  readonly kind: FlowKind;
  readonly controller: AbortController;
}

export interface FlowSessionsOptions {
  readonly state: EmulatorState;
  readonly lambda: LambdaFunctions;
  readonly clock: Clock;
  readonly media?: MediaStreaming;
}

/**
 * Runs contacts' flows in the interpreter: the contact flow a contact starts in, flows it is
 * transferred to, and its customer queue flow while it waits in a queue (stopped when an agent
 * is offered the contact, restarted from the top each time the contact is queued again). Flows
 * without content keep routing straight to their queue.
 */
export class FlowSessions implements FlowRunner, ContactEvents {
  private readonly participants = new Map<string, FlowParticipant>();
  private readonly runs = new Map<string, FlowRunRecord[]>();
  private readonly active = new Map<string, Set<ActiveRun>>();
  // Keyed by the flow object, so a flow replaced under the same id is loaded afresh.
  private readonly documents = new WeakMap<Flow, FlowDocument>();

  constructor(private readonly options: FlowSessionsOptions) {}

  private get work(): WorkTracker | undefined {
    const clock = this.options.clock as Partial<WorkTracker>;
    return typeof clock.track === "function" ? (clock as WorkTracker) : undefined;
  }

  /** Checks every flow with content when an instance is added, so a bad flow fails at start. */
  validate(runtime: InstanceRuntime): void {
    for (const flow of runtime.instance.flows.values()) this.document(flow);
  }

  /** The voice caller for a contact (a script from placeVoiceCall); set before its flow starts. */
  setParticipant(contactId: string, participant: FlowParticipant): void {
    this.participants.set(contactId, participant);
  }

  participantFor(contact: Contact): FlowParticipant {
    let participant = this.participants.get(contact.id);
    if (!participant) {
      const clock = flowClockFromTimers(this.options.clock);
      const room = this.options.state.chats.rooms.get(contact.id);
      // A real chat talks through its room; without a script a caller stays silent on the line.
      if (room) participant = new ChatRoomParticipant(room);
      else if (contact.channel === "VOICE") participant = new ScriptedCaller(clock);
      else participant = new ScriptedChatCustomer(clock);
      this.participants.set(contact.id, participant);
    }
    return participant;
  }

  trace(contactId: string): ContactFlowTrace {
    return traceOf(contactId, this.participants.get(contactId), this.runs.get(contactId) ?? []);
  }

  start(runtime: InstanceRuntime, contact: Contact, flow: Flow): void {
    if (flow.content === undefined) {
      if (flow.queueId) runtime.model.enqueue(contact, flow.queueId);
      return;
    }
    this.launch(runtime, contact, flow);
  }

  queued(contact: Contact): void {
    this.abort(contact.id, "customerQueue");
    const runtime = this.options.state.runtimes.get(contact.instanceId);
    const flowId = contact.customerQueueFlowId;
    const flow = flowId ? runtime?.instance.flows.get(flowId) : undefined;
    if (runtime && flow?.content !== undefined) this.launch(runtime, contact, flow);
  }

  /**
   * An agent is offered the contact: its customer queue flow stops, and the DefaultAgentUI
   * flow, if set, starts for the agent's workspace (guides start on offer, not on accept).
   */
  offered(contact: Contact): void {
    this.abort(contact.id, "customerQueue");
    const runtime = this.options.state.runtimes.get(contact.instanceId);
    const flowId = contact.agentUiFlowId;
    const flow = flowId ? runtime?.instance.flows.get(flowId) : undefined;
    if (runtime && flow?.content !== undefined) {
      this.launch(runtime, contact, flow, { agentId: contact.agentId });
    }
  }

  disconnected(contact: Contact): void {
    this.abort(contact.id);
  }

  private abort(contactId: string, kind?: FlowKind): void {
    for (const run of this.active.get(contactId) ?? []) {
      if (kind === undefined || run.kind === kind) run.controller.abort(new Error("run stopped"));
    }
  }

  private document(flow: Flow): FlowDocument | undefined {
    if (flow.content === undefined) return undefined;
    let document = this.documents.get(flow);
    if (!document) {
      document = loadFlow(flow.content, flowTypeOptions(flow.type));
      this.documents.set(flow, document);
    }
    return document;
  }

  private launch(
    runtime: InstanceRuntime,
    contact: Contact,
    flow: Flow,
    agentUi?: { agentId: string | undefined },
  ): void {
    const { kind } = flowTypeOptions(flow.type);
    const record = startRecord({
      flowId: flow.id,
      flowName: flow.name,
      kind,
      startedAt: this.options.clock.now(),
    });
    this.recordsOf(contact.id).push(record);
    let document: FlowDocument | undefined;
    try {
      document = this.document(flow);
    } catch (error) {
      // A flow added after start with bad content: the run fails as Connect's would, visibly.
      finishRecord(record, { error, endedAt: record.startedAt });
      if (kind === "contact" && !agentUi) runtime.model.endInFlow(contact.id, "CONTACT_FLOW_ERROR");
      return;
    }
    if (!document) return;
    const run: ActiveRun = { kind, controller: new AbortController() };
    this.activeOf(contact.id).add(run);
    const host = new ConnectFlowHost({
      runtime,
      contact,
      lambda: this.options.lambda,
      // A guide talks to the agent's workspace, never to the customer's chat.
      participant: agentUi
        ? new ScriptedChatCustomer(flowClockFromTimers(this.options.clock))
        : this.participantFor(contact),
      ...(agentUi ? { agentUi } : {}),
      clock: flowClockFromTimers(this.options.clock),
      ...(this.work ? { work: this.work } : {}),
      ...(this.options.media ? { media: this.options.media } : {}),
    });
    record.settings = host.settings;
    runFlow({ flow: document, host, kind, signal: run.controller.signal }).then(
      (result) => {
        finishRecord(record, { result, endedAt: this.options.clock.now() });
        this.activeOf(contact.id).delete(run);
        // A guide's end is its own; the customer's contact goes on.
        if (!agentUi) this.afterRun({ runtime, contact, kind, result });
      },
      (error: unknown) => {
        finishRecord(record, { error, endedAt: this.options.clock.now() });
        this.activeOf(contact.id).delete(run);
        if (!agentUi) runtime.model.endInFlow(contact.id, "CONTACT_FLOW_ERROR");
      },
    );
  }

  /** What happens to the contact once a run is over, by how it ended. */
  private afterRun(options: {
    runtime: InstanceRuntime;
    contact: Contact;
    kind: FlowKind;
    result: FlowRunResult;
  }): void {
    const { runtime, contact, kind, result } = options;
    const end = result.end;
    if (end.kind === "hungUp") {
      runtime.model.customerEnd(contact.id, "CUSTOMER_DISCONNECT");
    } else if (end.kind === "transferredToFlow") {
      const next = runtime.instance.findFlow(end.contactFlowId);
      if (next?.content !== undefined) this.launch(runtime, contact, next);
      else if (kind === "contact") runtime.model.endInFlow(contact.id, "CONTACT_FLOW_ERROR");
    } else if (kind === "contact" && contact.state === "IN_FLOW") {
      // A contact flow that ends without queueing the contact disconnects it (EndFlowExecution doc).
      const reason = end.kind === "error" ? "CONTACT_FLOW_ERROR" : "CONTACT_FLOW_DISCONNECT";
      runtime.model.endInFlow(contact.id, reason);
    }
  }

  private recordsOf(contactId: string): FlowRunRecord[] {
    const records = this.runs.get(contactId) ?? [];
    this.runs.set(contactId, records);
    return records;
  }

  private activeOf(contactId: string): Set<ActiveRun> {
    const runs = this.active.get(contactId) ?? new Set<ActiveRun>();
    this.active.set(contactId, runs);
    return runs;
  }
}
