import type { LambdaFunctions } from "../../lambda/lambda-functions.ts";
import type { Clock } from "../clock.ts";
import type { FlowParticipant } from "../flow/flow-host.ts";
import { runFlow } from "../flow/run-flow.ts";
import type { FlowRunResult } from "../flow/run-result.ts";
import { loadFlow } from "../flow/validate-flow.ts";
import type { Contact } from "../model/contact.ts";
import type { FlowRunner } from "../model/instance-runtime.ts";
import { ConnectFlowHost, flowClockOf } from "./connect-flow-host.ts";

export interface InterpreterRunnerOptions {
  readonly clock: Clock;
  readonly lambda: LambdaFunctions;
  /** The customer side for a contact: a scripted caller or chat customer. */
  readonly participantFor: (contact: Contact) => FlowParticipant;
  /** Receives each finished run (for inspection). */
  readonly onFinished?: (contact: Contact, result: FlowRunResult) => void;
}

/** Runs a flow's exported JSON with the interpreter; flows without content route directly. */
export function interpreterRunner(options: InterpreterRunnerOptions): FlowRunner {
  return {
    start(runtime, contact, flow) {
      if (flow.content === undefined) {
        if (flow.queueId) runtime.model.enqueue(contact, flow.queueId);
        return;
      }
      const document = loadFlow(flow.content);
      const host = new ConnectFlowHost({
        runtime,
        contact,
        lambda: options.lambda,
        participant: options.participantFor(contact),
        clock: flowClockOf(options.clock),
      });
      runFlow({ flow: document, host })
        .then((result) => {
          // A flow that ends without queueing the contact disconnects it (EndFlowExecution doc).
          if (contact.state === "IN_FLOW")
            runtime.model.endInFlow(contact.id, "CONTACT_FLOW_DISCONNECT");
          options.onFinished?.(contact, result);
        })
        .catch(() => runtime.model.endInFlow(contact.id, "CONTACT_FLOW_ERROR"));
    },
  };
}
