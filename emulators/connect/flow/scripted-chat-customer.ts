import type {
  FlowClock,
  InputRequest,
  ParticipantInput,
  PlayResult,
  PromptDelivery,
} from "./flow-host.ts";
import { promptContent } from "./scripted-caller.ts";
import { ScriptedParticipant, type ScriptedReply } from "./scripted-participant.ts";

/** What the chat customer does when the flow next waits for input. */
export type ChatStep = ScriptedReply &
  ({ readonly reply: string } | { readonly silence: true } | { readonly leave: true });

export interface ChatEvent {
  /** A Wait block event name, such as "CustomerReturned". */
  readonly event: string;
  /** When it happens, counted from the start of the chat. */
  readonly atSeconds: number;
}

export interface ReceivedMessage {
  readonly actionId: string;
  readonly text: string;
  readonly atMs: number;
}

/** A chat customer: receives the flow's messages, replies by script, raises Wait events. */
export class ScriptedChatCustomer extends ScriptedParticipant<ChatStep> {
  readonly received: ReceivedMessage[] = [];
  /** Events not yet delivered; each happens once. */
  private readonly events: ChatEvent[];
  private readonly startedAt: number;

  constructor(
    clock: FlowClock,
    options: {
      steps?: readonly ChatStep[];
      events?: readonly ChatEvent[];
      leaveAfterSeconds?: number;
    } = {},
  ) {
    super(clock, {
      ...(options.steps ? { steps: options.steps } : {}),
      ...(options.leaveAfterSeconds !== undefined
        ? { hangUpAfterSeconds: options.leaveAfterSeconds }
        : {}),
    });
    this.events = [...(options.events ?? [])];
    this.startedAt = clock.now();
  }

  /** Chat messages are delivered at once; only text reaches a chat (the interpreter checks). */
  async play(delivery: PromptDelivery, _signal: AbortSignal): Promise<PlayResult> {
    if (!this.isConnected()) return "hungUp";
    const text = promptContent(delivery.prompt);
    this.received.push({ actionId: delivery.actionId, text, atMs: this.clock.now() });
    return "played";
  }

  async awaitInput(request: InputRequest, signal: AbortSignal): Promise<ParticipantInput> {
    const step = this.takeStep(request);
    const silent = !step || "silence" in step;
    const waited = await this.waitFor(
      silent ? Number.POSITIVE_INFINITY : (step.afterSeconds ?? 0) * 1000,
      signal,
    );
    if (waited === "hungUp") return { kind: "hungUp" };
    if (waited === "aborted" || !step || "silence" in step) throw signal.reason;
    if ("leave" in step) {
      this.leave();
      return { kind: "hungUp" };
    }
    return { kind: "text", text: step.reply };
  }

  override async awaitEvent(events: readonly string[], signal: AbortSignal): Promise<string> {
    const now = this.clock.now();
    const next = this.events
      .filter((e) => events.includes(e.event) && this.startedAt + e.atSeconds * 1000 >= now)
      .sort((a, b) => a.atSeconds - b.atSeconds)[0];
    if (!next) return super.awaitEvent(events, signal);
    const waited = await this.waitFor(this.startedAt + next.atSeconds * 1000 - now, signal);
    if (waited === "aborted") throw signal.reason;
    if (waited === "hungUp") return "hungUp";
    this.events.splice(this.events.indexOf(next), 1);
    return next.event;
  }
}
