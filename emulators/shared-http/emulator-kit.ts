import { OffsetClock, type SteppableClock } from "./clock.ts";
import { FaultInjector } from "./fault-injector.ts";
import { RequestRecorder } from "./request-recorder.ts";
import { WebhookSender } from "./webhook-sender.ts";

/** Options every platform emulator accepts. */
export interface CommonEmulatorOptions {
  /** Shared clock, so several emulators agree on time; a new one by default. */
  readonly clock?: SteppableClock;
  /** Seed for failure-rate faults, so a run is repeatable. */
  readonly faultSeed?: number;
  readonly webhookTimeoutMs?: number;
}

/** The parts every platform emulator is built from, and that its handle exposes. */
export interface EmulatorKit {
  readonly clock: SteppableClock;
  readonly faults: FaultInjector;
  readonly requests: RequestRecorder;
  readonly webhooks: WebhookSender;
}

export function createEmulatorKit(options: CommonEmulatorOptions = {}): EmulatorKit {
  return {
    clock: options.clock ?? new OffsetClock(),
    faults: new FaultInjector(options.faultSeed),
    requests: new RequestRecorder(),
    webhooks: new WebhookSender(
      options.webhookTimeoutMs === undefined ? {} : { timeoutMs: options.webhookTimeoutMs },
    ),
  };
}
