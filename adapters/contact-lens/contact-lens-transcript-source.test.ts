import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConnectContactLensClient } from "@aws-sdk/client-connect-contact-lens";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DependencyFailedError } from "../../core/errors.ts";
import type { ConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import {
  analysedInstance,
  startAnalysedConnect,
} from "../../emulators/connect/test-support/analysed-call.ts";
import { ManualClock } from "../../emulators/shared-http/clock.ts";
import { SpeechEngine } from "../../emulators/speech/index.ts";
import { ContactLensTranscriptSource } from "./contact-lens-transcript-source.ts";

const FIRST = "I want to change my flight.";
const SECOND = "My booking reference is wrong.";
const OPERATION = "ListRealtimeContactAnalysisSegments";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };

const clock = new ManualClock();
// One engine voices the caller and is the emulator's recogniser: it hears what it said.
const speech = new SpeechEngine();
let connect: ConnectEmulator;
let client: ConnectContactLensClient;

beforeAll(async () => {
  connect = await startAnalysedConnect({ clock, voice: speech, speech });
  client = new ConnectContactLensClient({
    region: "eu-west-2",
    endpoint: connect.url,
    credentials,
  });
});
afterEach(() => connect.control.faults.clear());
afterAll(async () => {
  client.destroy();
  await connect.close();
});

const source = (options: { maxResults?: number } = {}) =>
  new ContactLensTranscriptSource({
    client,
    instanceId: analysedInstance.instanceId ?? "",
    ...options,
  });

/** The caller speaks at 3 s and 8 s into the call and hangs up at 13 s. */
function call(flow = "real-time") {
  return connect.control.placeVoiceCall({
    flow,
    caller: {
      promptSeconds: 2,
      steps: [
        { say: FIRST, afterSeconds: 1 },
        { say: SECOND, afterSeconds: 5 },
        { hangUp: true, afterSeconds: 5 },
      ],
    },
  });
}

const requests = () => connect.state.callCounts.get(OPERATION) ?? 0;

describe("ContactLensTranscriptSource against the Connect emulator", () => {
  it("reads what the caller said as CUSTOMER segments in time order, offsets from the call's start", async () => {
    const voice = call();
    await clock.advanceAsync(30_000);
    const segments = await source().segments(voice.id);
    expect(segments.map(({ participant, text }) => ({ participant, text }))).toEqual([
      { participant: "CUSTOMER", text: FIRST },
      { participant: "CUSTOMER", text: SECOND },
    ]);
    expect(segments[0]?.offsetMs).toBeGreaterThanOrEqual(2_990);
    expect(segments[0]?.offsetMs).toBeLessThanOrEqual(3_050);
    expect(segments[1]?.offsetMs).toBeGreaterThan(7_900);
  });

  it("reads during the call what has been said so far, in one request", async () => {
    const voice = call();
    await clock.advanceAsync(6_000);
    const before = requests();
    const segments = await source().segments(voice.id);
    expect(segments.map((s) => s.text)).toEqual([FIRST]);
    // A NextToken came back (the call goes on), then an empty page with one: nothing more yet.
    expect(requests() - before).toBe(2);
    await clock.advanceAsync(30_000);
  });

  it("pages through NextToken until the analysis is over", async () => {
    const voice = call("real-time-v2");
    await clock.advanceAsync(30_000);
    const before = requests();
    const segments = await source({ maxResults: 1 }).segments(voice.id);
    expect(segments.map((s) => s.text)).toEqual([FIRST, SECOND]);
    expect(requests() - before).toBe(2);
  });

  it.each([
    ["whose flow did not enable real-time analysis", "no-analytics"],
    ["with post-call analysis only", "post-call"],
  ])("gives no segments for a call %s", async (_, flow) => {
    const voice = call(flow);
    await clock.advanceAsync(30_000);
    expect(connect.control.flowTrace(voice.id).said).toEqual([FIRST, SECOND]);
    expect(await source().segments(voice.id)).toEqual([]);
  });

  it("gives no segments for a contact Connect does not know", async () => {
    expect(await source().segments("00000000-0000-0000-0000-000000000000")).toEqual([]);
  });

  it("rides out a throttled request on the SDK's retries", async () => {
    const voice = call();
    await clock.advanceAsync(30_000);
    connect.control.setFault(OPERATION, { throttleTimes: 1 });
    expect((await source().segments(voice.id)).map((s) => s.text)).toEqual([FIRST, SECOND]);
    expect(connect.control.faults.injected.get(OPERATION)).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["throttling", { throttleTimes: 3 }, "ThrottlingException"],
    ["a 5xx", { serverErrorTimes: 3 }, "InternalServiceException"],
  ])(
    "turns %s that outlasts the SDK's retries into DependencyFailedError",
    async (_, fault, code) => {
      const voice = call();
      await clock.advanceAsync(30_000);
      connect.control.setFault(OPERATION, fault);
      const failure = await source()
        .segments(voice.id)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DependencyFailedError);
      expect((failure as DependencyFailedError).details).toMatchObject({ vendorCode: code });
    },
  );

  it("refuses a page size the API does not take", () => {
    expect(() => source({ maxResults: 0 })).toThrow(RangeError);
    expect(() => source({ maxResults: 101 })).toThrow(RangeError);
  });
});

// The emulator never updates a segment once found, nor returns categories or other roles; this
// local server answers with the API's own response shapes to cover what Contact Lens may send.
describe("ContactLensTranscriptSource reading what the emulator never sends", () => {
  let server: Server;
  let pages: unknown[];
  let stubClient: ConnectContactLensClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(pages.shift() ?? { Segments: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    stubClient = new ConnectContactLensClient({
      region: "eu-west-2",
      endpoint: `http://127.0.0.1:${port}`,
      credentials,
    });
  });
  afterAll(async () => {
    stubClient.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const transcript = (Id: string, ParticipantRole: string, Content: string, at: number) => ({
    Transcript: {
      Id,
      ParticipantId: ParticipantRole,
      ParticipantRole,
      Content,
      BeginOffsetMillis: at,
      EndOffsetMillis: at + 900,
    },
  });

  it("keeps one copy of an updated segment, maps the roles and drops what carries no words", async () => {
    pages = [
      {
        Segments: [
          transcript("b", "AGENT", "How can I help?", 4_000),
          transcript("a", "CUSTOMER", "I need to chnage", 1_000),
          { Categories: { MatchedCategories: ["flight"], MatchedDetails: {} } },
        ],
        NextToken: "page-2",
      },
      {
        Segments: [
          transcript("a", "CUSTOMER", "I need to change my flight.", 1_000),
          transcript("c", "SYSTEM", "Thanks for calling.", 0),
          transcript("d", "SUPERVISOR", "Listening in.", 2_000),
          transcript("e", "CUSTOMER", "   ", 3_000),
        ],
      },
    ];
    const segments = await new ContactLensTranscriptSource({
      client: stubClient,
      instanceId: "instance-1",
    }).segments("contact-1");
    expect(segments).toEqual([
      { participant: "SYSTEM", text: "Thanks for calling.", offsetMs: 0 },
      { participant: "CUSTOMER", text: "I need to change my flight.", offsetMs: 1_000 },
      { participant: "AGENT", text: "How can I help?", offsetMs: 4_000 },
    ]);
  });

  it("stops at its page limit when the NextToken never ends", async () => {
    pages = Array.from({ length: 10 }, (_, i) => ({
      Segments: [transcript(`s${i}`, "CUSTOMER", `Sentence ${i}.`, i * 1_000)],
      NextToken: `page-${i + 1}`,
    }));
    const segments = await new ContactLensTranscriptSource({
      client: stubClient,
      instanceId: "instance-1",
      maxPages: 3,
    }).segments("contact-1");
    expect(segments.map((s) => s.text)).toEqual(["Sentence 0.", "Sentence 1.", "Sentence 2."]);
  });
});
