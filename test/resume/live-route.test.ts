import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClosedError } from "../../core/errors.ts";
import { resumeChat } from "../../core/resume/resume-chat.ts";
import type { ResumeDeps } from "../../core/resume/resume-deps.ts";
import { transition } from "../../core/session/deflection-session.ts";
import { type ResumeWorld, startResumeWorld } from "./resume-world.ts";

let world: ResumeWorld;

beforeAll(async () => {
  world = await startResumeWorld();
});
afterAll(() => world.close());

/** Resume with every call on its session and connection stores counted. */
function countingStores(deps: ResumeDeps) {
  const calls: string[] = [];
  const counted = <T extends object>(label: string, target: T): T =>
    new Proxy(target, {
      get(object, name) {
        const value = Reflect.get(object, name, object);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(`${label}.${String(name)}`);
          return value.apply(object, args);
        };
      },
    });
  const sessions = counted("sessions", deps.sessions);
  const connections = counted("connections", deps.connections);
  return { deps: { ...deps, sessions, connections }, calls };
}

describe("resume: a message into a chat already open takes the address's live route", () => {
  it("sends without reading the session once a message has published the route, each message once", async () => {
    const handle = "+447700900401";
    await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, "SM-r1", "opening"));
    await resumeChat(world.resume, world.reply(handle, "SM-r2", "second, the session's way"));
    const { deps, calls } = countingStores(world.resume);
    const third = world.reply(handle, "SM-r3", "third, by the route");
    const sent = await resumeChat(deps, third);
    await resumeChat(deps, third);
    expect(sent).toMatchObject({ outcome: "SENT_TO_CHAT", chatContactId: opened.chatContactId });
    expect(calls).toEqual([]);
    const contents = (await world.transcript(opened.chatContactId ?? "")).map((i) => i.Content);
    expect(contents).toEqual(["opening", "second, the session's way", "third, by the route"]);
  });

  it("sends nothing on the route once the customer opted out, though the chat is still open", async () => {
    const handle = "+447700900402";
    await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, "SM-s1", "opening"));
    await resumeChat(world.resume, world.reply(handle, "SM-s2", "second"));
    const live = await world.sessions.findByAddress({ channel: "whatsapp", handle });
    if (!live) throw new Error("no session");
    await world.sessions.saveTransition(
      live,
      transition(live, { to: "opted-out", at: new Date() }),
    );
    const late = await resumeChat(world.resume, world.reply(handle, "SM-s3", "after STOP"));
    expect(late).toEqual({ outcome: "SESSION_CLOSED", voiceContactId: live.voiceContactId });
    const contents = (await world.transcript(opened.chatContactId ?? "")).map((i) => i.Content);
    expect(contents).not.toContain("after STOP");
  });

  it("leaves a retried first reply to the session's way, which knows it is the chat's initial message", async () => {
    const handle = "+447700900403";
    await world.deflectedSession({ handle });
    const first = world.reply(handle, "SM-t1", "opening");
    const opened = await resumeChat(world.resume, first);
    await resumeChat(world.resume, world.reply(handle, "SM-t2", "second"));
    const retried = await resumeChat(world.resume, first);
    expect(retried).toMatchObject({ outcome: "CHAT_STARTED" });
    const contents = (await world.transcript(opened.chatContactId ?? "")).map((i) => i.Content);
    expect(contents).toEqual(["opening", "second"]);
  });

  it("holds a message that meets a chat ended before the relay recorded it, for the retry that opens the next chat", async () => {
    const handle = "+447700900404";
    const session = await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, "SM-u1", "opening"));
    await resumeChat(world.resume, world.reply(handle, "SM-u2", "second"));
    world.connect.control.hangUp(opened.chatContactId ?? "");
    const late = world.reply(handle, "SM-u3", "after the end");
    await expect(resumeChat(world.resume, late)).rejects.toBeInstanceOf(ChatClosedError);
    // The relay records the end; the stream's retry of the message finds the session ended.
    const live = await world.sessions.getSession(session.voiceContactId);
    if (!live) throw new Error("no session");
    await world.sessions.saveTransition(live, transition(live, { to: "ended", at: new Date() }));
    const retried = await resumeChat(world.resume, late);
    expect(retried.outcome).toBe("CHAT_STARTED");
    expect(retried.chatContactId).not.toBe(opened.chatContactId);
    const contents = (await world.transcript(retried.chatContactId ?? "")).map((i) => i.Content);
    expect(contents).toContain("after the end");
  });
});

describe("resume: a stream batch reads its customers' routes in one request", () => {
  it("finds a route where one is published and none where not, past one request's 100 keys", async () => {
    const routes = world.resume.routes;
    if (!routes) throw new Error("resume has no live routes");
    const handle = "+447700900405";
    await world.deflectedSession({ handle });
    const opened = await resumeChat(world.resume, world.reply(handle, "SM-v1", "opening"));
    await resumeChat(world.resume, world.reply(handle, "SM-v2", "second publishes the route"));
    const waiting = "+447700900406";
    await world.deflectedSession({ handle: waiting });
    const strangers = Array.from({ length: 120 }, (_, i) => ({
      channel: "whatsapp" as const,
      handle: `+4477009${String(10_000 + i)}`,
    }));
    const live = { channel: "whatsapp" as const, handle };
    const found = await routes.findEach([
      ...strangers.slice(0, 110),
      live,
      { channel: "whatsapp", handle: waiting },
      live,
      ...strangers.slice(110),
    ]);
    expect(found.size).toBe(122);
    expect(found.get(`whatsapp#${handle}`)).toEqual(await routes.find(live));
    expect(found.get(`whatsapp#${handle}`)?.chatContactId).toBe(opened.chatContactId);
    expect(found.get(`whatsapp#${waiting}`)).toBeNull();
    expect(strangers.every((s) => found.get(`whatsapp#${s.handle}`) === null)).toBe(true);
  });
});
