import * as z from "zod";
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
  /** A source of numbers in [0, 1); inject a seeded one for repeatable rates. */
  readonly random?: () => number;
}

/** Per-operation faults: throttling at a rate or count, 5xx, and added latency. */
export class FaultInjector {
  private readonly rules = new Map<string, FaultRule>();
  /** How many calls of each operation failed because of a rule, for a test's report. */
  readonly injected = new Map<string, number>();
  private readonly random: () => number;

  constructor(options: FaultInjectorOptions = {}) {
    this.random = options.random ?? Math.random;
  }

  /** Sets the rule for an operation (`*` applies to every operation without its own). */
  set(operation: string, rule: FaultRule): void {
    this.rules.set(operation, { ...rule });
  }

  clear(operation?: string): void {
    if (operation) this.rules.delete(operation);
    else this.rules.clear();
  }

  list(): Record<string, FaultRule> {
    return Object.fromEntries(this.rules);
  }

  /** Waits out any latency, then returns the error this call should fail with, if any. */
  async apply(operation: string, service: ServiceName): Promise<ApiError | undefined> {
    // The emulator's own control plane is never faulted.
    if (operation.startsWith("emulator:")) return undefined;
    const rule = this.rules.get(operation) ?? this.rules.get("*");
    if (!rule) return undefined;
    if (rule.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
    if (this.takeCount(rule, "throttleTimes") || this.roll(rule.throttleRate)) {
      this.count(operation);
      const name = rule.throttleErrorName ?? throttleErrorName(service);
      return new ApiError(name, "Rate exceeded");
    }
    if (this.takeCount(rule, "serverErrorTimes") || this.roll(rule.serverErrorRate)) {
      this.count(operation);
      return new ApiError(internalErrorName(service), "Injected service failure");
    }
    return undefined;
  }

  private count(operation: string): void {
    this.injected.set(operation, (this.injected.get(operation) ?? 0) + 1);
  }

  private takeCount(rule: FaultRule, key: "throttleTimes" | "serverErrorTimes"): boolean {
    const left = rule[key];
    if (!left) return false;
    rule[key] = left - 1;
    return true;
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}

function throttleErrorName(service: ServiceName): string {
  return service === "lambda" ? "TooManyRequestsException" : "ThrottlingException";
}
