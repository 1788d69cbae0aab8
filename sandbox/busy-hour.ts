import type { Contact } from "../emulators/connect/model/contact.ts";
import { seededRandom } from "../emulators/connect/model/random.ts";
import type { ManualClock } from "../emulators/shared-http/clock.ts";
import { advanceTo, CustomerReplies } from "./customer-replies.ts";
import { DEMO } from "./demo-instance.ts";
import type { LocalWorld } from "./local-world.ts";

const HOUR_MS = 3600_000;
const STEP_MS = 5 * 60_000;

/** What a caller answers when asked why they call: a sentence, a key, or nothing. */
function reasonStep(random: () => number) {
  const { speak, press, sentences } = DEMO.callerReasons;
  const roll = random();
  if (roll < speak) {
    const say = sentences[Math.floor(random() * sentences.length)] ?? "";
    return [{ say, afterSeconds: 1, forAction: "ask-reason" }];
  }
  if (roll < speak + press) {
    return [
      { press: String(1 + Math.floor(random() * 3)), afterSeconds: 2, forAction: "ask-reason" },
    ];
  }
  return [];
}

/** What each caller of the scenario does in the flows. */
function callerScript(random: () => number) {
  const roll = random();
  const { accept, decline } = DEMO.callerChoices;
  const press = roll < accept ? "1" : roll < accept + decline ? "2" : undefined;
  return {
    // The same choice for the IVR offer and any later one in the queue flow.
    steps: [
      ...reasonStep(random),
      ...(press
        ? [
            { press, afterSeconds: 2, forAction: "offer" },
            { press, afterSeconds: 2, forAction: "offer" },
          ]
        : []),
    ],
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
 * some accept the offer, some decline, some hang up; scripted agents take the rest. Customers
 * who got the first message may reply, which opens a Connect chat that a scripted chat agent
 * answers and ends. Prints a progress line every five simulated minutes, then winds down so
 * the last chats can finish.
 */
export async function runBusyHour(world: LocalWorld, clock: ManualClock) {
  const random = seededRandom(20260610);
  const replies = new CustomerReplies(world, seededRandom(20260611));
  const schedule = Object.entries(DEMO.arrivalsPerHour)
    .flatMap(([queue, perHour]) => arrivals(perHour, random).map((at) => ({ at, queue })))
    .sort((a, b) => a.at - b.at);
  const placed: Contact[] = [];
  let next = 0;
  for (let elapsed = 0; elapsed < HOUR_MS; elapsed += STEP_MS) {
    for (; next < schedule.length && (schedule[next]?.at ?? HOUR_MS) < elapsed + STEP_MS; next++) {
      const call = schedule[next];
      if (!call) break;
      await advanceTo(world, clock, replies, DEMO.startAt + call.at);
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
    await advanceTo(world, clock, replies, DEMO.startAt + elapsed + STEP_MS);
    printProgress(world, placed, replies, elapsed + STEP_MS);
  }
  const end = HOUR_MS + DEMO.windDownMinutes * 60_000;
  for (let elapsed = HOUR_MS; elapsed < end; elapsed += STEP_MS) {
    await advanceTo(world, clock, replies, DEMO.startAt + elapsed + STEP_MS);
    printProgress(world, placed, replies, elapsed + STEP_MS);
  }
  return { placed, replies };
}

function printProgress(
  world: LocalWorld,
  placed: readonly Contact[],
  replies: CustomerReplies,
  elapsedMs: number,
): void {
  const waiting = placed.filter((c) => c.state === "QUEUED" || c.state === "CONNECTING").length;
  const withAgent = placed.filter((c) => c.agentId !== undefined).length;
  const count = (action: string, key: string) =>
    world.calls.filter((c) => c.action === action && c.answer[key] === "true").length;
  const chats = world.connect.control.contacts(DEMO.instance.instanceId);
  const chatsStarted = chats.filter((c) => c.channel === "CHAT").length;
  const agentReplies = world.twilio
    .sent()
    .filter((m) => m.body === DEMO.chatAgentReply && m.status === "delivered").length;
  const n = (value: number) => String(value).padStart(3);
  const minutes = String(elapsedMs / 60_000).padStart(2, "0");
  console.log(
    `  +${minutes} min  calls ${n(placed.length)}  waiting ${n(waiting)}  reached an agent ${n(withAgent)}  offered ${n(count("check", "offer"))}  sent ${n(count("accept", "sent"))}  replies ${n(replies.sent)}  chats ${n(chatsStarted)}  agent replies delivered ${n(agentReplies)}`,
  );
}
