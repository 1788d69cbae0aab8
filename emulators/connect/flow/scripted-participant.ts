import type {
  FlowClock,
  FlowParticipant,
  InputRequest,
  ParticipantInput,
  PlayResult,
  PromptDelivery,
} from "./flow-host.ts";

/** One reply to one input request. `forAction` makes the step wait for that action's request. */
export interface ScriptedReply {
  readonly afterSeconds?: number;
  readonly forAction?: string;
}

export type Waited = "elapsed" | "hungUp" | "aborted";

/**
 * Shared timing of scripted customers: a hang-up moment, replies consumed one per input
 * request, everything waited for on the flow's clock so a virtual clock drives it.
 */
export abstract class ScriptedParticipant<Step extends ScriptedReply> implements FlowParticipant {
  private connected = true;
  private readonly hangUpAt: number;
  private readonly steps: Step[];

  constructor(
    protected readonly clock: FlowClock,
    options: { steps?: readonly Step[]; hangUpAfterSeconds?: number },
  ) {
    this.steps = [...(options.steps ?? [])];
    this.hangUpAt =
      options.hangUpAfterSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : clock.now() + options.hangUpAfterSeconds * 1000;
  }

  isConnected(): boolean {
    if (this.connected && this.clock.now() >= this.hangUpAt) this.connected = false;
    return this.connected;
  }

  /** Steps not yet used, for tests that check the whole script was followed. */
  get remainingSteps(): readonly Step[] {
    return this.steps;
  }

  abstract play(delivery: PromptDelivery, signal: AbortSignal): Promise<PlayResult>;

  abstract awaitInput(request: InputRequest, signal: AbortSignal): Promise<ParticipantInput>;

  awaitEvent(_events: readonly string[], signal: AbortSignal): Promise<string> {
    return this.waitFor(Number.POSITIVE_INFINITY, signal).then((waited) =>
      waited === "hungUp" ? "hungUp" : Promise.reject(signal.reason),
    );
  }

  protected leave(): void {
    this.connected = false;
  }

  /** The next step for this request, consumed; undefined means stay silent. */
  protected takeStep(request: InputRequest): Step | undefined {
    const next = this.steps[0];
    if (!next || (next.forAction !== undefined && next.forAction !== request.actionId))
      return undefined;
    return this.steps.shift();
  }

  /** Waits `ms` unless the participant hangs up first or the flow stops waiting. */
  protected async waitFor(ms: number, signal: AbortSignal): Promise<Waited> {
    if (!this.isConnected()) return "hungUp";
    const untilHangUp = this.hangUpAt - this.clock.now();
    const hangsUpFirst = Number.isFinite(untilHangUp) && untilHangUp <= ms;
    const delay = Math.min(hangsUpFirst ? untilHangUp : ms, 2 ** 31 - 1);
    try {
      await this.clock.sleep(delay, signal);
    } catch {
      return "aborted";
    }
    if (hangsUpFirst) {
      this.connected = false;
      return "hungUp";
    }
    return "elapsed";
  }
}
