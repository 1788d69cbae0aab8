import type { ManualClock } from "../emulators/connect/clock.ts";
import type { Contact } from "../emulators/connect/model/contact.ts";
import { seededRandom } from "../emulators/connect/model/random.ts";
import { DEMO } from "./demo-instance.ts";
import type { LocalWorld } from "./local-world.ts";

const HOUR_MS = 3600_000;
const STEP_MS = 5 * 60_000;

/** What each caller of the scenario does in the flows. */
function callerScript(random: () => number) {
  const roll = random();
  const { accept, decline } = DEMO.callerChoices;
  const press = roll < accept ? "1" : roll < accept + decline ? "2" : undefined;
  return {
    // The same choice for the IVR offer and any later one in the queue flow.
    steps: press
      ? [
          { press, afterSeconds: 2, forAction: "offer" },
          { press, afterSeconds: 2, forAction: "offer" },
        ]
      : [],
    promptSeconds: 6,
    // Some callers give up after a long wait.
    hangUpAfterSeconds: 600 + Math.floor(random() * 1800),
  };
}

/** Arrival times (ms after the start) of a Poisson stream, seeded for repeatable runs. */
function arrivals(perHour: number, random: () => number): number[] {
  const times: number[] = [];
  let at = 0;
  for (;;) {
    at += (-Math.log(1 - random()) / perHour) * HOUR_MS;
    if (at >= HOUR_MS) return times;
    times.push(at);
  }
}

/**
 * One busy hour on the manual clock: callers arrive into each queue's voice-deflection flow,
 * some accept the offer, some decline, some hang up; scripted agents take the rest. Prints a
 * progress line every five simulated minutes.
 */
export async function runBusyHour(world: LocalWorld, clock: ManualClock): Promise<Contact[]> {
  const random = seededRandom(20260610);
  const schedule = Object.entries(DEMO.arrivalsPerHour)
    .flatMap(([queue, perHour]) => arrivals(perHour, random).map((at) => ({ at, queue })))
    .sort((a, b) => a.at - b.at);
  const placed: Contact[] = [];
  let next = 0;
  for (let elapsed = 0; elapsed < HOUR_MS; elapsed += STEP_MS) {
    for (; next < schedule.length && (schedule[next]?.at ?? HOUR_MS) < elapsed + STEP_MS; next++) {
      const call = schedule[next];
      if (!call) break;
      await clock.advanceAsync(Math.max(0, DEMO.startAt + call.at - clock.now()));
      const number = `+44791100${String(placed.length).padStart(4, "0")}`;
      placed.push(
        world.connect.control.placeVoiceCall({
          flow: call.queue === "Support" ? "voice-deflection" : "voice-deflection-billing",
          customerNumber: number,
          attributes: { queueName: call.queue, reason: "billing-question" },
          caller: callerScript(random),
        }),
      );
    }
    await clock.advanceAsync(Math.max(0, DEMO.startAt + elapsed + STEP_MS - clock.now()));
    printProgress(world, placed, elapsed + STEP_MS);
  }
  return placed;
}

function printProgress(world: LocalWorld, placed: readonly Contact[], elapsedMs: number): void {
  const waiting = placed.filter((c) => c.state === "QUEUED" || c.state === "CONNECTING").length;
  const withAgent = placed.filter((c) => c.agentId !== undefined).length;
  const count = (action: string, key: string) =>
    world.calls.filter((c) => c.action === action && c.answer[key] === "true").length;
  const minutes = String(elapsedMs / 60_000).padStart(2, "0");
  console.log(
    `  +${minutes} min  calls ${String(placed.length).padStart(3)}  waiting ${String(waiting).padStart(3)}  reached an agent ${String(withAgent).padStart(3)}  offered ${String(count("check", "offer")).padStart(3)}  messages sent ${String(count("accept", "sent")).padStart(3)}`,
  );
}
