import type { FlowClock, LambdaOutcome } from "./flow-host.ts";
import type { ContactFlowEvent } from "./lambda-event.ts";

export type LambdaFault = "throttle" | "serviceError";

/** A handler sees the event and the flow's clock; it may sleep on the clock to be slow. */
export type InMemoryLambdaHandler = (
  event: ContactFlowEvent,
  context: { clock: FlowClock; signal: AbortSignal },
) => unknown;

/** Return this from a handler to send a payload verbatim (not JSON-encoded). */
export class RawLambdaPayload {
  constructor(readonly payload: string) {}
}

interface Registration {
  readonly handler: InMemoryLambdaHandler;
  readonly faults: LambdaFault[];
}

export interface LambdaInvocationRecord {
  readonly functionArn: string;
  readonly event: ContactFlowEvent;
  readonly atMs: number;
  readonly result: LambdaOutcome["kind"] | "aborted";
}

/** Function name of `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`, or the input. */
export function functionNameOf(arnOrName: string): string {
  const parts = arnOrName.split(":");
  return arnOrName.startsWith("arn:") && parts[5] === "function"
    ? (parts[6] ?? arnOrName)
    : arnOrName;
}

/** Lambda handlers by function name, invoked the way Connect would (one attempt per call). */
export class InMemoryLambdas {
  readonly invocations: LambdaInvocationRecord[] = [];
  private readonly registrations = new Map<string, Registration>();

  constructor(private readonly clock: FlowClock) {}

  /** Registers by function name or ARN; `faults` are answered, in order, before the handler runs. */
  register(
    arnOrName: string,
    handler: InMemoryLambdaHandler,
    faults: readonly LambdaFault[] = [],
  ): void {
    this.registrations.set(functionNameOf(arnOrName), { handler, faults: [...faults] });
  }

  async invoke(request: {
    functionArn: string;
    event: ContactFlowEvent;
    signal: AbortSignal;
  }): Promise<LambdaOutcome> {
    const atMs = this.clock.now();
    const outcome = await this.attempt(request).catch((error: unknown) => {
      this.invocations.push({
        functionArn: request.functionArn,
        event: request.event,
        atMs,
        result: "aborted",
      });
      throw error;
    });
    this.invocations.push({
      functionArn: request.functionArn,
      event: request.event,
      atMs,
      result: outcome.kind,
    });
    return outcome;
  }

  private async attempt(request: {
    functionArn: string;
    event: ContactFlowEvent;
    signal: AbortSignal;
  }): Promise<LambdaOutcome> {
    const registration = this.registrations.get(functionNameOf(request.functionArn));
    if (!registration) return { kind: "notFound" };
    const fault = registration.faults.shift();
    if (fault === "throttle") return { kind: "throttled" };
    if (fault === "serviceError") return { kind: "serviceError", statusCode: 500 };
    try {
      const value = await registration.handler(structuredClone(request.event), {
        clock: this.clock,
        signal: request.signal,
      });
      const payload =
        value instanceof RawLambdaPayload ? value.payload : JSON.stringify(value ?? null);
      return { kind: "ok", payload };
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      return {
        kind: "functionError",
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
