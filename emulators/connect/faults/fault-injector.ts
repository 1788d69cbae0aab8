import * as z from "zod";
import { type Fault, FaultInjector as FaultEngine } from "../../shared-http/fault-injector.ts";
import { ApiError, internalErrorName, type ServiceName } from "../http/api-error.ts";

export const faultRuleSchema = z.object({
  /** Fail this share of calls (0–1) with a throttling error. */
  throttleRate: z.number().min(0).max(1).optional(),
  /** Fail the next N calls with a throttling error, then stop. */
  throttleTimes: z.number().int().min(0).optional(),
  /** The throttling error name; defaults to the service's ThrottlingException. */
  throttleErrorName: z.string().min(1).optional(),
  /** Fail this share of calls (0–1) with a 5xx. */
  serverErrorRate: z.number().min(0).max(1).optional(),
  /** Fail the next N calls with a 5xx, then stop. */
  serverErrorTimes: z.number().int().min(0).optional(),
  /** Delay every call by this many milliseconds before answering. */
  latencyMs: z.number().int().min(0).max(60_000).optional(),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface FaultInjectorOptions {
  /** Seeds the failure rates, so a run is repeatable. */
  readonly seed?: number;
}

const SERVER_ERROR: Fault = { status: 500 };

/**
 * Connect's faults on the emulators' one fault engine (shared-http/fault-injector.ts): a rule
 * per operation, in the form `PUT /__emulator/faults/{operation}` takes (throttling and 5xx
 * by rate or count, and latency), rendered as the AWS error the service would answer.
 */
export class FaultInjector {
  readonly #engine: FaultEngine;
  readonly #rules = new Map<string, FaultRule>();

  constructor(options: FaultInjectorOptions = {}) {
    this.#engine = new FaultEngine(options.seed);
  }

  /** How many calls of each operation failed because of a rule, for a test's report. */
  get injected(): ReadonlyMap<string, number> {
    return this.#engine.injected;
  }

  /** Sets the rule for an operation (`*` applies to every operation without its own). */
  set(operation: string, rule: FaultRule): void {
    this.#rules.set(operation, { ...rule });
    this.#engine.clear(operation);
    const throttle: Fault = {
      status: 429,
      ...(rule.throttleErrorName ? { errorName: rule.throttleErrorName } : {}),
    };
    this.#engine.failNext(operation, throttle, rule.throttleTimes ?? 0);
    this.#engine.failNext(operation, SERVER_ERROR, rule.serverErrorTimes ?? 0);
    this.#engine.setFailureRates(operation, [
      { rate: rule.throttleRate ?? 0, fault: throttle },
      { rate: rule.serverErrorRate ?? 0, fault: SERVER_ERROR },
    ]);
    if (rule.latencyMs) this.#engine.setLatency(operation, rule.latencyMs);
  }

  clear(operation?: string): void {
    if (operation) this.#rules.delete(operation);
    else this.#rules.clear();
    this.#engine.clear(operation);
  }

  list(): Record<string, FaultRule> {
    return Object.fromEntries(this.#rules);
  }

  /** Waits out any latency, then returns the error this call should fail with, if any. */
  async apply(operation: string, service: ServiceName): Promise<ApiError | undefined> {
    // The emulator's own control plane is never faulted.
    if (operation.startsWith("emulator:")) return undefined;
    const latencyMs = this.#engine.latencyOf(operation);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const fault = this.#engine.take(operation);
    if (!fault) return undefined;
    if (fault.status === 429) {
      return new ApiError(fault.errorName ?? throttleErrorName(service), "Rate exceeded");
    }
    return new ApiError(internalErrorName(service), "Injected service failure");
  }
}

function throttleErrorName(service: ServiceName): string {
  return service === "lambda" ? "TooManyRequestsException" : "ThrottlingException";
}
