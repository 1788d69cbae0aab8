import { GetMediaCommand, KinesisVideoMediaClient } from "@aws-sdk/client-kinesis-video-media";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KinesisVideoCallAudio } from "../../../adapters/kinesis-video/kinesis-video-call-audio.ts";
import { MkvReader } from "../../../adapters/kinesis-video/mkv-reader.ts";
import type { CallAudioChunk } from "../../../core/ports/call-audio.ts";
import {
  type KinesisVideoEmulator,
  startKinesisVideoEmulator,
} from "../../kinesis-video/kinesis-video-emulator.ts";
import { KinesisVideoStreamStore } from "../../kinesis-video/stream-store.ts";
import { ManualClock } from "../../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "../connect-emulator.ts";
import type { CallVoice } from "./call-voice.ts";
import { placeholderSpeech } from "./placeholder-speech.ts";

const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const clock = new ManualClock(t0);
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const lambdaArn = "arn:aws:lambda:eu-west-2:111122223333:function:capture";
const SAID = "I want to change my flight";

/** One second of 440 Hz for what the caller says, three seconds of 300 Hz for any prompt. */
const tone = (hz: number, ms: number) =>
  Int16Array.from({ length: ms * 8 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000)),
  );
const saidTone = tone(440, 1000);
const promptTone = tone(300, 3000);
const voice: CallVoice = {
  render: async ({ text }) => (text === SAID ? saidTone : promptTone),
};

const step = (Identifier: string, Type: string, Parameters: object, next?: string) => ({
  Identifier,
  Type,
  Parameters,
  Transitions: next
    ? { NextAction: next, Errors: [{ ErrorType: "NoMatchingError", NextAction: next }] }
    : {},
});
const flow = {
  Version: "2019-10-30",
  StartAction: "stream-on",
  Actions: [
    step(
      "stream-on",
      "UpdateContactMediaStreamingBehavior",
      {
        MediaStreamingState: "Enabled",
        MediaStreamType: "Audio",
        Participants: [{ ParticipantType: "Customer", MediaDirections: ["From", "To"] }],
      },
      "remember",
    ),
    step(
      "remember",
      "UpdateContactAttributes",
      {
        TargetContact: "Current",
        Attributes: { streamArn: "$.MediaStreams.Customer.Audio.StreamARN" },
      },
      "capture",
    ),
    step(
      "capture",
      "InvokeLambdaFunction",
      {
        LambdaFunctionARN: lambdaArn,
        InvocationTimeLimitSeconds: "3",
        ResponseValidation: { ResponseType: "STRING_MAP" },
      },
      "ask",
    ),
    {
      ...step("ask", "GetParticipantInput", {
        Text: "Tell us why you are calling.",
        StoreInput: "False",
        InputTimeLimitSeconds: "5",
      }),
      Transitions: {
        NextAction: "stream-off",
        Conditions: [
          { NextAction: "stream-off", Condition: { Operator: "Equals", Operands: ["1"] } },
        ],
        Errors: [
          { ErrorType: "InputTimeLimitExceeded", NextAction: "stream-off" },
          { ErrorType: "NoMatchingCondition", NextAction: "stream-off" },
          { ErrorType: "NoMatchingError", NextAction: "stream-off" },
        ],
      },
    },
    step(
      "stream-off",
      "UpdateContactMediaStreamingBehavior",
      {
        MediaStreamingState: "Disabled",
        MediaStreamType: "Audio",
        Participants: [{ ParticipantType: "Customer", MediaDirections: ["From", "To"] }],
      },
      "bye",
    ),
    step("bye", "DisconnectParticipant", {}),
  ],
};

let kvs: KinesisVideoEmulator;
let connect: ConnectEmulator;
const captured: unknown[] = [];

beforeAll(async () => {
  const streams = new KinesisVideoStreamStore({ clock });
  kvs = await startKinesisVideoEmulator({ streams, idleEndMs: 2_000 });
  // The API's answers are under test, not the account's quotas (emulators/connect/quotas/api-quotas.test.ts).
  connect = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: { alias: "acme", flows: [{ name: "stream-audio", content: flow }] },
    media: { streams, voice },
  });
  connect.registerFunction(lambdaArn, (event) => {
    captured.push(event);
    return {};
  });
});
afterAll(async () => {
  await connect.close();
  await kvs.close();
});

const samplesOf = (chunks: readonly Uint8Array[]) => {
  const bytes = Buffer.concat(chunks);
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
};

describe("Connect media streaming into the Kinesis Video emulator", () => {
  it("streams what the caller says, at the moment they say it, until streaming stops", async () => {
    const contact = connect.control.placeVoiceCall({
      flow: "stream-audio",
      caller: { steps: [{ say: SAID, afterSeconds: 1 }], promptSeconds: 2 },
    });
    await clock.advanceAsync(0);
    const audio = (captured[0] as { Details: { ContactData: { MediaStreams: unknown } } }).Details
      .ContactData.MediaStreams as { Customer: { Audio: Record<string, string> } };
    const { StreamARN, StartFragmentNumber, StartTimestamp } = audio.Customer.Audio;
    expect(StreamARN).toMatch(
      /^arn:aws:kinesisvideo:eu-west-2:111122223333:stream\/acme-contact-[0-9a-f-]{36}\/\d+$/,
    );
    expect(StartFragmentNumber).toMatch(/^\d{47}$/);
    expect(StartTimestamp).toBe(String(t0));
    expect(contact.attributes.streamArn).toBe(StreamARN);

    // Read while the call goes on, through the official clients, as the transcription worker does.
    const reading = (async () => {
      const chunks: CallAudioChunk[] = [];
      const callAudio = new KinesisVideoCallAudio({
        region: "eu-west-2",
        endpoint: kvs.url,
        credentials,
      });
      const stream = {
        contactId: contact.id,
        streamArn: StreamARN ?? "",
        startFragmentNumber: StartFragmentNumber ?? "",
      };
      for await (const chunk of callAudio.customerAudio(stream, new AbortController().signal)) {
        chunks.push(chunk);
      }
      return chunks;
    })();
    await clock.advanceAsync(30_000);
    const chunks = await reading;

    const trace = connect.control.flowTrace(contact.id);
    expect(trace.said).toEqual([SAID]);
    const stopMs = Number(contact.mediaStreams?.stopTimestamp) - t0;
    expect(stopMs).toBeGreaterThan(3_000);
    const samples = samplesOf(chunks.map((chunk) => chunk.pcm));
    expect(samples.length).toBe(stopMs * 8);
    expect(chunks[0]?.offsetMs).toBe(0);
    // The prompt plays for 2 s, the caller speaks 1 s later: at 3 s into the stream.
    const saidAt = 3_000 * 8;
    expect([...samples.subarray(saidAt, saidAt + saidTone.length)]).toEqual([...saidTone]);
    expect(samples.subarray(0, saidAt).every((s) => s === 0)).toBe(true);
    expect(samples.subarray(saidAt + saidTone.length).every((s) => s === 0)).toBe(true);
    // Streaming is over: the stream has no producer and is back in the pool.
    expect(kvs.streams.find({ arn: StreamARN })?.producing).toBe(false);
  });

  it("puts the prompt the caller hears on AUDIO_TO_CUSTOMER, cut where it stopped playing", async () => {
    const contact = connect.control.contacts().find((c) => c.mediaStreams);
    const arn = contact?.mediaStreams?.streamArn ?? "";
    const client = new KinesisVideoMediaClient({
      region: "eu-west-2",
      endpoint: kvs.url,
      credentials,
    });
    const answer = await client.send(
      new GetMediaCommand({
        StreamARN: arn,
        StartSelector: {
          StartSelectorType: "FRAGMENT_NUMBER",
          AfterFragmentNumber: contact?.mediaStreams?.startFragmentNumber,
        },
      }),
    );
    const reader = new MkvReader();
    const toCustomer: Uint8Array[] = [];
    const contactIds = new Set<string>();
    for await (const chunk of answer.Payload as AsyncIterable<Uint8Array>) {
      for (const event of reader.push(chunk)) {
        if (event.kind === "block" && event.trackNumber === 2) toCustomer.push(event.payload);
        if (event.kind === "tag" && event.name === "ContactId") contactIds.add(event.value);
      }
    }
    expect(contactIds).toEqual(new Set([contact?.id]));
    const heard = samplesOf(toCustomer);
    expect([...heard.subarray(0, 2_000 * 8)]).toEqual([...promptTone.subarray(0, 2_000 * 8)]);
    expect(heard.subarray(2_000 * 8).every((s) => s === 0)).toBe(true);
  });
});

describe("the placeholder for speech without a CallVoice", () => {
  it("is audible, repeatable, about 150 words a minute, and differs with the words", () => {
    const hello = placeholderSpeech("hello there");
    expect(hello.length).toBe(2 * 450 * 8);
    expect(hello.some((sample) => Math.abs(sample) > 1000)).toBe(true);
    expect(placeholderSpeech("hello there")).toEqual(hello);
    expect(placeholderSpeech("goodbye there")).not.toEqual(hello);
  });
});
