import { describe, expect, it } from "vitest";
import { IllegalTransitionError } from "../errors.ts";
import { type DeflectionSession, newSession, transition } from "./deflection-session.ts";
import {
  allowedNextStatuses,
  FINAL_STATUSES,
  SESSION_STATUSES,
  type SessionStatus,
} from "./session-status.ts";

const at = new Date("2026-03-01T10:00:00Z");

function sessionIn(status: SessionStatus): DeflectionSession {
  return {
    ...newSession({
      voiceContactId: "voice-1",
      instanceId: "instance-1",
      queueId: "queue-1",
      channel: "whatsapp",
      address: { channel: "whatsapp", handle: "+447700900123" },
      at,
    }),
    status,
    version: 7,
  };
}

const MAIN_PATH: readonly SessionStatus[] = [
  "offered",
  "accepted",
  "message-sent",
  "delivered",
  "replied",
  "chat-started",
  "agent-connected",
  "ended",
];

const allPairs = SESSION_STATUSES.flatMap((from) => SESSION_STATUSES.map((to) => [from, to]));
const allowedPairs = allPairs.filter(([from, to]) =>
  allowedNextStatuses(from as SessionStatus).includes(to as SessionStatus),
);
const forbiddenPairs = allPairs.filter(
  ([from, to]) => !allowedNextStatuses(from as SessionStatus).includes(to as SessionStatus),
);

describe("deflection session state machine", () => {
  it("walks the whole main path, one version per step", () => {
    let session = sessionIn("offered");
    for (const status of MAIN_PATH.slice(1)) {
      const next = transition(session, { to: status, at });
      expect(next.status).toBe(status);
      expect(next.version).toBe(session.version + 1);
      session = next;
    }
    expect(session.history.map((event) => event.status)).toEqual(MAIN_PATH);
  });

  it.each(allowedPairs)("allows %s → %s", (from, to) => {
    const before = sessionIn(from as SessionStatus);
    const after = transition(before, { to: to as SessionStatus, at, reason: "test" });
    expect(after.status).toBe(to);
    expect(after.version).toBe(8);
    expect(after.history.at(-1)).toEqual({ status: to, at: at.toISOString(), reason: "test" });
  });

  it.each(forbiddenPairs)("forbids %s → %s and leaves the session as it was", (from, to) => {
    const before = sessionIn(from as SessionStatus);
    expect(() => transition(before, { to: to as SessionStatus, at })).toThrow(
      IllegalTransitionError,
    );
    expect(before.status).toBe(from);
    expect(before.version).toBe(7);
  });

  it("has exactly the terminal outcomes as final states; an ended chat is not one", () => {
    expect([...FINAL_STATUSES].sort()).toEqual(
      ["declined", "expired", "failed", "opted-out"].sort(),
    );
    expect(allowedNextStatuses("ended")).toEqual(["replied"]);
  });

  it("reopens an ended session on a late reply, remembering the chat it continues", () => {
    let session = sessionIn("replied");
    session = transition(session, { to: "chat-started", at, chatContactId: "chat-1" });
    session = transition(session, { to: "ended", at });
    const reopened = transition(session, { to: "replied", at, reason: "late-reply" });
    expect(reopened).toMatchObject({
      status: "replied",
      chatContactId: "chat-1",
      previousChatContactId: "chat-1",
    });
    const second = transition(reopened, { to: "chat-started", at, chatContactId: "chat-2" });
    expect(second).toMatchObject({ chatContactId: "chat-2", previousChatContactId: "chat-1" });
    const third = transition(transition(second, { to: "ended", at }), { to: "replied", at });
    expect(third.previousChatContactId).toBe("chat-2");
  });

  it("sets no previous chat on a first reply", () => {
    const replied = transition(sessionIn("delivered"), { to: "replied", at });
    expect(replied.previousChatContactId).toBeUndefined();
  });

  it("keeps the outbound message id, chat id and failure reason it is given", () => {
    const sent = transition(sessionIn("accepted"), {
      to: "message-sent",
      at,
      outboundMessageId: "SM123",
    });
    expect(sent.outboundMessageId).toBe("SM123");
    const failed = transition(sent, { to: "failed", at, reason: "63016" });
    expect(failed.failureReason).toBe("63016");
    expect(failed.outboundMessageId).toBe("SM123");
  });
});
