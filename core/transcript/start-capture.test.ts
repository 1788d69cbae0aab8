import { describe, expect, it } from "vitest";
import { InMemoryIdempotencyStore } from "../../test/fakes/in-memory-idempotency-store.ts";
import { DependencyFailedError } from "../errors.ts";
import type { TranscriptionJob } from "../ports/transcription-launcher.ts";
import { startCapture } from "./start-capture.ts";

const job: TranscriptionJob = {
  instanceId: "instance-1",
  stream: { contactId: "voice-1", streamArn: "arn:stream", startFragmentNumber: "9" },
  languageCode: "en-US",
};
const clock = { now: () => new Date("2026-12-07T10:00:00Z") };

class CountingLauncher {
  readonly jobs: TranscriptionJob[] = [];
  failNext = false;
  async launch(launched: TranscriptionJob) {
    if (this.failNext) {
      this.failNext = false;
      throw new DependencyFailedError("invoke failed");
    }
    this.jobs.push(launched);
  }
}

describe("startCapture", () => {
  it("launches one worker for a call however often the flow retries", async () => {
    const launcher = new CountingLauncher();
    const deps = { claims: new InMemoryIdempotencyStore(), launcher, clock };
    const results = await Promise.all([startCapture(deps, job), startCapture(deps, job)]);
    expect(results).toContainEqual({ started: true });
    expect(results).toContainEqual({ started: false, reason: "ALREADY_STARTED" });
    expect(await startCapture(deps, job)).toEqual({ started: false, reason: "ALREADY_STARTED" });
    expect(launcher.jobs).toEqual([job]);
  });

  it("lets a retry launch again after a failed launch", async () => {
    const launcher = new CountingLauncher();
    launcher.failNext = true;
    const deps = { claims: new InMemoryIdempotencyStore(), launcher, clock };
    expect(await startCapture(deps, job)).toEqual({ started: false, reason: "LAUNCH_FAILED" });
    expect(await startCapture(deps, job)).toEqual({ started: true });
    expect(launcher.jobs).toHaveLength(1);
  });
});
