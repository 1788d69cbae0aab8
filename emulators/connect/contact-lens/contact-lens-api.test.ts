import { StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  ConnectContactLensClient,
  InvalidRequestException,
  ListRealtimeContactAnalysisSegmentsCommand,
  type ListRealtimeContactAnalysisSegmentsCommandInput,
  ResourceNotFoundException,
} from "@aws-sdk/client-connect-contact-lens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared-http/clock.ts";
import { SpeechEngine } from "../../speech/index.ts";
import type { ConnectEmulator } from "../connect-emulator.ts";
import { analysedInstance, startAnalysedConnect } from "../test-support/analysed-call.ts";
import { sdkClients } from "../test-support/clients.ts";

const FIRST = "I want to change my flight.";
const SECOND = "My booking reference is wrong.";
const INSTANCE_ID = analysedInstance.instanceId ?? "";
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };

const clock = new ManualClock();
const speech = new SpeechEngine();
let connect: ConnectEmulator;
let lens: ConnectContactLensClient;

beforeAll(async () => {
  connect = await startAnalysedConnect({ clock, voice: speech, speech });
  lens = new ConnectContactLensClient({ region: "eu-west-2", endpoint: connect.url, credentials });
});
afterAll(async () => {
  lens.destroy();
  await connect.close();
});

/** The prompt plays 2 s; the caller speaks at 3 s and 8 s and hangs up at 13 s. */
function callSaying(flow: string, emulator = connect, said: readonly string[] = [FIRST, SECOND]) {
  return emulator.control.placeVoiceCall({
    flow,
    caller: {
      promptSeconds: 2,
      steps: [
        { say: said[0] ?? FIRST, afterSeconds: 1 },
        { say: said[1] ?? SECOND, afterSeconds: 5 },
        { hangUp: true, afterSeconds: 5 },
      ],
    },
  });
}

function list(input: Partial<ListRealtimeContactAnalysisSegmentsCommandInput>, client = lens) {
  return client.send(
    new ListRealtimeContactAnalysisSegmentsCommand({
      InstanceId: INSTANCE_ID,
      ContactId: "",
      ...input,
    }),
  );
}

describe("ListRealtimeContactAnalysisSegments with @aws-sdk/client-connect-contact-lens", () => {
  it("hears the caller while the call goes on, and keeps a NextToken until it ends", async () => {
    const call = callSaying("real-time");
    await clock.advanceAsync(6_000);
    const during = await list({ ContactId: call.id });
    expect(during.Segments?.map((s) => s.Transcript?.Content)).toEqual([FIRST]);
    const first = during.Segments?.[0]?.Transcript;
    expect(first).toMatchObject({ ParticipantId: "CUSTOMER", ParticipantRole: "CUSTOMER" });
    expect(first?.Id).toMatch(/\S/);
    expect(first?.BeginOffsetMillis).toBeGreaterThanOrEqual(2_990);
    expect(first?.BeginOffsetMillis).toBeLessThanOrEqual(3_050);
    expect(first?.EndOffsetMillis).toBeGreaterThan(4_500);
    expect(first?.Sentiment).toBeUndefined();
    // Nothing more yet, but the analysis goes on: a token to call again with.
    expect(during.NextToken).toBeDefined();
    const again = await list({ ContactId: call.id, NextToken: during.NextToken });
    expect(again.Segments).toEqual([]);
    expect(again.NextToken).toBeDefined();

    await clock.advanceAsync(20_000);
    expect(call.disconnectTimestamp).toBeDefined();
    const page1 = await list({ ContactId: call.id, MaxResults: 1 });
    expect(page1.Segments?.map((s) => s.Transcript?.Content)).toEqual([FIRST]);
    const page2 = await list({ ContactId: call.id, MaxResults: 1, NextToken: page1.NextToken });
    expect(page2.Segments?.map((s) => s.Transcript?.Content)).toEqual([SECOND]);
    expect(page2.Segments?.[0]?.Transcript?.BeginOffsetMillis).toBeGreaterThan(7_900);
    // The analysis is over and everything is read: no NextToken.
    expect(page2.NextToken).toBeUndefined();
  });

  it("reads the newer recording block's real-time mode the same way", async () => {
    const call = callSaying("real-time-v2");
    await clock.advanceAsync(30_000);
    const all = await list({ ContactId: call.id });
    expect(all.Segments?.map((s) => s.Transcript?.Content)).toEqual([FIRST, SECOND]);
    expect(all.NextToken).toBeUndefined();
  });

  it("keeps a call's segments for 24 hours after it ends, then answers ResourceNotFoundException", async () => {
    const call = callSaying("real-time");
    await clock.advanceAsync(30_000);
    const endedAt = call.disconnectTimestamp ?? 0;
    await clock.advanceAsync(endedAt + 24 * 3600_000 - clock.now());
    expect((await list({ ContactId: call.id })).Segments).toHaveLength(2);
    await clock.advanceAsync(1_000);
    await expect(list({ ContactId: call.id })).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it.each([
    ["post-call analytics only", "post-call"],
    ["no analytics at all", "no-analytics"],
  ])("answers ResourceNotFoundException for a call with %s", async (_, flow) => {
    const call = callSaying(flow);
    await clock.advanceAsync(30_000);
    expect(connect.control.flowTrace(call.id).said).toEqual([FIRST, SECOND]);
    await expect(list({ ContactId: call.id })).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("answers ResourceNotFoundException for an unknown instance or contact", async () => {
    const call = callSaying("real-time");
    await expect(list({ ContactId: "no-such-contact" })).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      list({ InstanceId: "99999999-2222-3333-4444-555555555555", ContactId: call.id }),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it.each([
    ["MaxResults 0", { MaxResults: 0 }],
    ["MaxResults 101", { MaxResults: 101 }],
    ["a blank ContactId", { ContactId: "   " }],
    ["a ContactId of 257 characters", { ContactId: "c".repeat(257) }],
    ["a NextToken that is not ours", { NextToken: "bm90LWEtdG9rZW4" }],
  ])("refuses %s with InvalidRequestException", async (_, input) => {
    const call = callSaying("real-time");
    await expect(list({ ContactId: call.id, ...input })).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });

  it("refuses a NextToken minted for another contact", async () => {
    const one = callSaying("real-time");
    const other = callSaying("real-time");
    const page = await list({ ContactId: one.id });
    expect(page.NextToken).toBeDefined();
    await expect(list({ ContactId: other.id, NextToken: page.NextToken })).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });

  it("refuses a chat contact: this API is for voice", async () => {
    const { connect: client } = sdkClients(connect.url);
    const chat = await client.send(
      new StartChatContactCommand({
        InstanceId: INSTANCE_ID,
        ContactFlowId: analysedInstance.flows?.[0]?.id,
        ParticipantDetails: { DisplayName: "Ana" },
      }),
    );
    await expect(list({ ContactId: chat.ContactId })).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    client.destroy();
  });
});

describe("Contact Lens never invents text", () => {
  it("gives an analysed call no segments when the emulator has no recogniser", async () => {
    const quietClock = new ManualClock();
    const deaf = await startAnalysedConnect({ clock: quietClock, voice: speech });
    const client = new ConnectContactLensClient({
      region: "eu-west-2",
      endpoint: deaf.url,
      credentials,
    });
    try {
      const call = callSaying("real-time", deaf);
      await quietClock.advanceAsync(30_000);
      expect(deaf.control.flowTrace(call.id).said).toEqual([FIRST, SECOND]);
      const answer = await list({ ContactId: call.id }, client);
      expect(answer.Segments).toEqual([]);
      expect(answer.NextToken).toBeUndefined();
    } finally {
      client.destroy();
      await deaf.close();
    }
  });

  it("finds nothing in speech its recogniser's engine did not synthesize", async () => {
    const strangerClock = new ManualClock();
    const stranger = new SpeechEngine();
    const other = await startAnalysedConnect({ clock: strangerClock, voice: stranger, speech });
    const client = new ConnectContactLensClient({
      region: "eu-west-2",
      endpoint: other.url,
      credentials,
    });
    try {
      // Sentences the shared engine never said: the same text would be the same audio.
      const call = callSaying("real-time", other, [
        "Please call me back tomorrow.",
        "The weather is lovely today.",
      ]);
      await strangerClock.advanceAsync(30_000);
      const answer = await list({ ContactId: call.id }, client);
      expect(answer.Segments).toEqual([]);
      expect(answer.NextToken).toBeUndefined();
    } finally {
      client.destroy();
      await other.close();
    }
  });
});
