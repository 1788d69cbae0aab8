import type { EmulatorState } from "../emulator-state.ts";
import { flowClockFromTimers } from "../flow/index.ts";
import {
  type CallerScript,
  callerScriptSchema,
  scriptedCallerFor,
} from "../flow-host/caller-script.ts";
import type { FlowSessions } from "../flow-host/flow-sessions.ts";
import { ApiError } from "../http/api-error.ts";
import { validate } from "../http/validate.ts";
import type { Contact } from "../model/contact.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";

export interface PlaceVoiceCall {
  readonly instanceId?: string;
  /** Put the call straight into this queue (id, ARN or name)… */
  readonly queue?: string;
  /** …or run this flow (id, ARN or name). */
  readonly flow?: string;
  /** With `queue`: the customer queue flow to run while the call waits (id, ARN or name). */
  readonly customerQueueFlow?: string;
  readonly customerNumber?: string;
  readonly systemNumber?: string;
  readonly attributes?: Record<string, string>;
  /** The caller hangs up if still waiting in queue after this long. */
  readonly abandonAfterSeconds?: number;
  /** What the caller does in the flows: keys, speech, silence, hanging up. */
  readonly caller?: CallerScript;
}

/** Places an inbound call: into a flow (run by the interpreter) or straight into a queue. */
export function placeVoiceCall(
  env: { state: EmulatorState; flows: FlowSessions; runtime: InstanceRuntime },
  call: PlaceVoiceCall,
): Contact {
  const { state, flows, runtime } = env;
  const script = validate("connect", callerScriptSchema, call.caller ?? {});
  const flow = call.flow ? runtime.instance.findFlow(call.flow) : undefined;
  if (call.flow && !flow)
    throw new ApiError("ResourceNotFoundException", `Flow not found: ${call.flow}`);
  const queueFlow = call.customerQueueFlow
    ? runtime.instance.findFlow(call.customerQueueFlow)
    : undefined;
  if (call.customerQueueFlow && queueFlow?.type !== "CUSTOMER_QUEUE") {
    throw new ApiError(
      "ResourceNotFoundException",
      `Customer queue flow not found: ${call.customerQueueFlow}`,
    );
  }
  const queue = call.queue ? runtime.instance.findQueue(call.queue) : undefined;
  if (call.queue && !queue)
    throw new ApiError("ResourceNotFoundException", `Queue not found: ${call.queue}`);
  const contact = runtime.createContact({
    channel: "VOICE",
    initiationMethod: "INBOUND",
    ...(flow ? { contactFlowId: flow.id } : {}),
    ...(call.attributes ? { attributes: call.attributes } : {}),
    customerEndpoint: { Type: "TELEPHONE_NUMBER", Address: call.customerNumber ?? "+15550100000" },
    systemEndpoint: { Type: "TELEPHONE_NUMBER", Address: call.systemNumber ?? "+15550199999" },
  });
  if (queueFlow) contact.customerQueueFlowId = queueFlow.id;
  flows.setParticipant(contact.id, scriptedCallerFor(flowClockFromTimers(state.clock), script));
  const hangUpAfter = [script.hangUpAfterSeconds, call.abandonAfterSeconds].filter(
    (seconds) => seconds !== undefined,
  );
  if (hangUpAfter.length > 0) {
    state.clock.setTimeout(
      () => runtime.model.customerEnd(contact.id, "CUSTOMER_DISCONNECT"),
      Math.min(...hangUpAfter) * 1000,
    );
  }
  if (queue) runtime.model.enqueue(contact, queue.id);
  else runtime.runFlow(contact);
  return contact;
}
