import type { ChannelKind } from "../channel.ts";
import { nextArrivalSeconds } from "./arrival-process.ts";
import { drawCaller } from "./caller-draws.ts";
import { CallerState, CallerTable } from "./caller-table.ts";
import { ChatDesk } from "./chat-desk.ts";
import {
  type DayStreams,
  type DayTotals,
  newDayTotals,
  recordAbandoned,
  recordAnswered,
} from "./day-totals.ts";
import { DeflectionCheck } from "./deflection-check.ts";
import { EventQueue } from "./event-queue.ts";
import { type QueueScenario, type SimulatedThreshold, scenarioSeconds } from "./queue-scenario.ts";
import { steadyStart } from "./steady-state.ts";

const EVENT = { arrival: 0, voiceDone: 1, abandon: 2, interval: 3, chatArrival: 4, chatDone: 5 };

/**
 * Simulates one day of one queue, event by event: Poisson arrivals at each interval's rate,
 * exponential handle times and patience, agents per interval (an agent leaving mid-call
 * finishes the call first), and the product's offer decision at each arrival. Pure: all
 * randomness comes from `streams`.
 */
export function simulateDay(options: {
  scenario: QueueScenario;
  threshold: SimulatedThreshold;
  streams: DayStreams;
}): DayTotals {
  return new DaySimulation(options).run();
}

class DaySimulation {
  readonly #scenario: QueueScenario;
  readonly #streams: DayStreams;
  readonly #events = new EventQueue();
  readonly #callers = new CallerTable();
  readonly #chat: ChatDesk;
  // With the threshold off the policy never offers, so the check is not consulted at all.
  readonly #check: DeflectionCheck | undefined;
  readonly #horizon: number;
  readonly #totals: DayTotals;
  #now = 0;
  #interval = 0;
  #staffed = 0;
  #busy = 0;
  #waiting = 0;
  #firstMeasuredId = 0;

  constructor(options: {
    scenario: QueueScenario;
    threshold: SimulatedThreshold;
    streams: DayStreams;
  }) {
    const { scenario, threshold, streams } = options;
    this.#scenario = scenario;
    this.#streams = streams;
    this.#horizon = scenarioSeconds(scenario);
    this.#check =
      threshold === "off"
        ? undefined
        : new DeflectionCheck({ threshold, model: scenario.deflection });
    this.#chat = new ChatDesk({
      model: scenario.chat,
      events: this.#events,
      random: streams.chat,
      doneEvent: EVENT.chatDone,
    });
    this.#totals = newDayTotals({
      measuredSeconds: Math.max(0, this.#horizon - scenario.warmupSeconds),
      chat: this.#chat.totals,
    });
  }

  run(): DayTotals {
    this.#open();
    const events = this.#events;
    while (events.size > 0) {
      this.#now = events.peekTime();
      const payload = events.pop();
      const id = payload >> 3;
      switch (payload & 7) {
        case EVENT.arrival:
          this.#arrive();
          break;
        case EVENT.voiceDone:
          this.#busy--;
          this.#answerWaiting();
          break;
        case EVENT.abandon:
          this.#abandon(id);
          break;
        case EVENT.interval:
          this.#startInterval(id);
          break;
        case EVENT.chatArrival:
          this.#chat.arrive({ now: this.#now, measured: this.#isMeasured(id) });
          break;
        default:
          this.#chat.complete(this.#now);
      }
    }
    // Only an unstaffed queue with endless patience gets here with callers left waiting.
    for (let id = this.#callers.oldestWaiting(); id >= 0; id = this.#callers.oldestWaiting()) {
      this.#abandon(id);
    }
    return this.#totals;
  }

  #open(): void {
    const { intervals, intervalSeconds } = this.#scenario;
    this.#staffed = intervals[0]?.agents ?? 0;
    for (let i = 1; i < intervals.length; i++) {
      this.#events.push(i * intervalSeconds, i * 8 + EVENT.interval);
    }
    if (this.#scenario.start === "steady") this.#fillSteadyState();
    this.#firstMeasuredId = this.#callers.count;
    this.#scheduleArrival(0);
  }

  #fillSteadyState(): void {
    const interval = this.#scenario.intervals[0];
    if (!interval) return;
    const { patienceSeconds } = this.#scenario;
    const start = steadyStart({ interval, patienceSeconds, random: this.#streams.start });
    for (const handle of start.onAgentSeconds) {
      this.#busy++;
      this.#events.push(handle, EVENT.voiceDone);
    }
    for (const caller of start.waiting) {
      this.#enqueue(this.#callers.add(caller), caller.patienceSeconds);
    }
  }

  #scheduleArrival(fromSeconds: number): void {
    const { arrivals: random } = this.#streams;
    const next = nextArrivalSeconds({ scenario: this.#scenario, fromSeconds, random });
    if (next !== undefined) this.#events.push(next, EVENT.arrival);
  }

  #arrive(): void {
    const caller = drawCaller({
      scenario: this.#scenario,
      streams: this.#streams,
      averageHandleSeconds: this.#currentHandleSeconds(),
    });
    // The check sees the queue as it was before this caller: decide, then add them.
    const channel = this.#offer(this.#callers.count, caller.preferredChannel);
    const id = this.#callers.add({ arrivalAt: this.#now, handleSeconds: caller.handleSeconds });
    const measured = this.#isMeasured(id);
    if (measured) this.#totals.calls++;
    this.#scheduleArrival(this.#now);
    if (channel) {
      if (measured) this.#totals.offers++;
      const deflection = this.#scenario.deflection;
      if (caller.acceptDraw < (deflection.acceptShare[channel] ?? 0)) {
        if (measured) this.#totals.acceptances++;
        this.#callers.state[id] = CallerState.deflected;
        if (caller.replyDraw < deflection.replyShare) {
          this.#events.push(this.#now + caller.replyDelaySeconds, id * 8 + EVENT.chatArrival);
        }
        return;
      }
    }
    if (measured) this.#totals.queued++;
    this.#enqueue(id, caller.patienceSeconds);
    this.#answerWaiting();
  }

  #offer(id: number, preferred: ChannelKind | undefined): ChannelKind | undefined {
    if (!this.#check) return undefined;
    const oldest = this.#callers.oldestWaiting();
    return this.#check.offer({
      timeSeconds: this.#now,
      contactId: `sim-${id}`,
      preferredChannel: preferred,
      load: {
        contactsInQueue: this.#waiting,
        agentsAvailable: Math.max(0, this.#staffed - this.#busy),
        agentsOnContact: this.#busy,
        oldestContactAgeSeconds: oldest < 0 ? 0 : this.#waitOf(oldest),
      },
      averageHandleSeconds: this.#currentHandleSeconds(),
    });
  }

  #enqueue(id: number, patience: number): void {
    this.#callers.state[id] = CallerState.waiting;
    this.#waiting++;
    if (Number.isFinite(patience)) this.#events.push(this.#now + patience, id * 8 + EVENT.abandon);
  }

  #answerWaiting(): void {
    while (this.#waiting > 0 && this.#busy < this.#staffed) {
      const id = this.#callers.oldestWaiting();
      this.#callers.state[id] = CallerState.answered;
      this.#waiting--;
      this.#busy++;
      this.#events.push(this.#now + (this.#callers.handleSeconds[id] ?? 0), EVENT.voiceDone);
      if (this.#isMeasured(id)) recordAnswered(this.#totals, this.#waitOf(id));
    }
  }

  #abandon(id: number): void {
    if (this.#callers.state[id] !== CallerState.waiting) return;
    this.#callers.state[id] = CallerState.abandoned;
    this.#waiting--;
    if (this.#isMeasured(id)) recordAbandoned(this.#totals, this.#waitOf(id));
  }

  #startInterval(index: number): void {
    this.#interval = index;
    this.#staffed = this.#scenario.intervals[index]?.agents ?? 0;
    this.#answerWaiting();
  }

  #isMeasured(id: number): boolean {
    return (
      id >= this.#firstMeasuredId &&
      (this.#callers.arrivalAt[id] ?? 0) >= this.#scenario.warmupSeconds
    );
  }

  #waitOf(id: number): number {
    return this.#now - (this.#callers.arrivalAt[id] ?? 0);
  }

  #currentHandleSeconds(): number {
    return this.#scenario.intervals[this.#interval]?.averageHandleSeconds ?? 0;
  }
}
