import { GetDataEndpointCommand, KinesisVideoClient } from "@aws-sdk/client-kinesis-video";
import {
  GetMediaCommand,
  type GetMediaCommandInput,
  KinesisVideoMediaClient,
} from "@aws-sdk/client-kinesis-video-media";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MkvEvent, MkvReader } from "../../adapters/kinesis-video/mkv-reader.ts";
import { ManualClock } from "../shared-http/clock.ts";
import { type KinesisVideoEmulator, startKinesisVideoEmulator } from "./kinesis-video-emulator.ts";
import { KvsError } from "./kvs-requests.ts";
import type { ProducerFragment } from "./mkv-fragment-writer.ts";
import { KinesisVideoStreamStore, PREALLOCATED_STREAMS } from "./stream-store.ts";

const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
let emulator: KinesisVideoEmulator;
let control: KinesisVideoClient;

beforeAll(async () => {
  emulator = await startKinesisVideoEmulator({
    streams: new KinesisVideoStreamStore({ clock }),
    idleEndMs: 2_000,
  });
  control = new KinesisVideoClient({ region: "eu-west-2", endpoint: emulator.url, credentials });
});
afterAll(() => emulator.close());

/** One second of two-track audio, each track a constant so a fragment's audio can be named. */
function fragment(startMs: number, level: number): ProducerFragment {
  const pcm = (value: number) => new Uint8Array(new Int16Array(8000).fill(value).buffer);
  return {
    producerStartMs: startMs,
    sampleRateHz: 8000,
    tracks: [
      { number: 1, name: "AUDIO_FROM_CUSTOMER", codecId: "A_AAC", pcm: pcm(level) },
      { number: 2, name: "AUDIO_TO_CUSTOMER", codecId: "A_AAC", pcm: pcm(-level) },
    ],
    tags: [["ContactId", "c-1"]],
  };
}

async function media(input: GetMediaCommandInput) {
  const endpoint = await control.send(
    new GetDataEndpointCommand({ StreamARN: input.StreamARN, APIName: "GET_MEDIA" }),
  );
  const client = new KinesisVideoMediaClient({
    region: "eu-west-2",
    endpoint: endpoint.DataEndpoint ?? "missing",
    credentials,
  });
  return client.send(new GetMediaCommand(input));
}

async function* events(payload: unknown): AsyncGenerator<MkvEvent> {
  const reader = new MkvReader();
  for await (const chunk of payload as AsyncIterable<Uint8Array>) yield* reader.push(chunk);
  yield* reader.end();
}

/** Lets a stream without a producer go idle, so GetMedia ends after what is stored. */
const goIdle = () => clock.advanceAsync(2_000);

const fragmentNumbers = async (payload: unknown) => {
  const numbers: string[] = [];
  for await (const event of events(payload)) {
    if (event.kind === "tag" && event.name === "AWS_KINESISVIDEO_FRAGMENT_NUMBER") {
      numbers.push(event.value);
    }
  }
  return numbers;
};

describe("the Kinesis Video emulator through the official clients", () => {
  it("serves GetMedia from a fragment number: that fragment and the ones after it", async () => {
    const stream = emulator.streams.createStream("from-number");
    const written = [1, 2, 3].map((n) => emulator.streams.append(stream, fragment(n * 1000, n)));
    const second = written[1]?.number ?? "";
    await goIdle();
    const answer = await media({
      StreamARN: stream.arn,
      StartSelector: { StartSelectorType: "FRAGMENT_NUMBER", AfterFragmentNumber: second },
    });
    expect(answer.ContentType).toBe("video/webm");
    expect(await fragmentNumbers(answer.Payload)).toEqual([second, written[2]?.number]);
    expect(second).toMatch(/^\d{47}$/);
    expect(BigInt(written[2]?.number ?? 0)).toBeGreaterThan(BigInt(second));
  });

  it("frames each fragment with the GetMedia tags around the producer's Cluster", async () => {
    const stream = emulator.streams.createStream("framing");
    const stored = emulator.streams.append(stream, fragment(clock.now(), 7));
    const seconds = (clock.now() / 1000).toFixed(3);
    await goIdle();
    const answer = await media({
      StreamARN: stream.arn,
      StartSelector: { StartSelectorType: "EARLIEST" },
    });
    const seen: string[] = [];
    for await (const event of events(answer.Payload)) {
      if (event.kind === "tag") seen.push(`${event.name}=${event.value}`);
      if (event.kind === "block" && seen.at(-1) !== "block") seen.push("block");
    }
    expect(seen).toEqual([
      `AWS_KINESISVIDEO_FRAGMENT_NUMBER=${stored.number}`,
      `AWS_KINESISVIDEO_SERVER_TIMESTAMP=${seconds}`,
      `AWS_KINESISVIDEO_PRODUCER_TIMESTAMP=${seconds}`,
      "block",
      "ContactId=c-1",
      "AWS_KINESISVIDEO_MILLIS_BEHIND_NOW=2000",
      `AWS_KINESISVIDEO_CONTINUATION_TOKEN=${stored.number}`,
    ]);
  });

  it("keeps GetMedia open and delivers fragments as they are written, then ends when idle", async () => {
    const stream = emulator.streams.createStream("live");
    emulator.streams.setProducing(stream, true);
    const answer = await media({
      StreamARN: stream.arn,
      StartSelector: { StartSelectorType: "NOW" },
    });
    const numbers = fragmentNumbers(answer.Payload);
    const written = [];
    for (const n of [1, 2]) {
      await clock.advanceAsync(1000);
      written.push(emulator.streams.append(stream, fragment(clock.now(), n)).number);
    }
    emulator.streams.setProducing(stream, false);
    await clock.advanceAsync(2_000);
    expect(await numbers).toEqual(written);
  });

  it("reads from a continuation token and from a producer timestamp", async () => {
    const stream = emulator.streams.createStream("selectors");
    const written = [1, 2, 3].map((n) => emulator.streams.append(stream, fragment(n * 1000, n)));
    await goIdle();
    const byToken = await media({
      StreamARN: stream.arn,
      StartSelector: {
        StartSelectorType: "CONTINUATION_TOKEN",
        ContinuationToken: written[0]?.number,
      },
    });
    expect(await fragmentNumbers(byToken.Payload)).toEqual([
      written[1]?.number,
      written[2]?.number,
    ]);
    const byTime = await media({
      StreamARN: stream.arn,
      StartSelector: { StartSelectorType: "PRODUCER_TIMESTAMP", StartTimestamp: new Date(2500) },
    });
    expect(await fragmentNumbers(byTime.Payload)).toEqual([written[1]?.number, written[2]?.number]);
  });

  it("reports an unknown fragment number inside the stream, as error 4000", async () => {
    const stream = emulator.streams.createStream("missing-fragment");
    emulator.streams.append(stream, fragment(1000, 1));
    await goIdle();
    const answer = await media({
      StreamARN: stream.arn,
      StartSelector: { StartSelectorType: "FRAGMENT_NUMBER", AfterFragmentNumber: "123" },
    });
    const tags: string[] = [];
    for await (const event of events(answer.Payload)) {
      if (event.kind === "tag") tags.push(`${event.name}=${event.value}`);
    }
    expect(tags).toContain("AWS_KINESISVIDEO_ERROR_ID=4000");
  });

  it("answers ResourceNotFoundException for an unknown stream", async () => {
    const arn = "arn:aws:kinesisvideo:eu-west-2:111122223333:stream/nope/1";
    await expect(
      control.send(new GetDataEndpointCommand({ StreamARN: arn, APIName: "GET_MEDIA" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
    const client = new KinesisVideoMediaClient({
      region: "eu-west-2",
      endpoint: emulator.url,
      credentials,
    });
    await expect(
      client.send(
        new GetMediaCommand({ StreamARN: arn, StartSelector: { StartSelectorType: "NOW" } }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("answers InvalidArgumentException for a selector without its argument", async () => {
    const stream = emulator.streams.createStream("bad-selector");
    await expect(
      media({ StreamARN: stream.arn, StartSelector: { StartSelectorType: "FRAGMENT_NUMBER" } }),
    ).rejects.toMatchObject({
      name: "InvalidArgumentException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("fails the next request on demand, with the error's name and status", async () => {
    const stream = emulator.streams.createStream("throttled");
    emulator.failNext(
      "GetDataEndpoint",
      new KvsError("ClientLimitExceededException", 400, "slow down"),
    );
    await expect(
      control.send(new GetDataEndpointCommand({ StreamARN: stream.arn, APIName: "GET_MEDIA" })),
    ).rejects.toMatchObject({ name: "ClientLimitExceededException" });
  });
});

describe("Connect's stream pool", () => {
  it("pre-allocates 50 streams per prefix and lends a returned stream again", () => {
    const store = new KinesisVideoStreamStore({ clock });
    const first = store.acquire("acme");
    expect(first.name).toMatch(
      /^acme-contact-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.arn).toBe(
      `arn:aws:kinesisvideo:eu-west-2:111122223333:stream/${first.name}/${clock.now()}`,
    );
    expect(store.streams()).toHaveLength(PREALLOCATED_STREAMS);
    const others = Array.from({ length: PREALLOCATED_STREAMS }, () => store.acquire("acme"));
    expect(store.streams()).toHaveLength(PREALLOCATED_STREAMS + 1);
    expect(new Set([first, ...others]).size).toBe(PREALLOCATED_STREAMS + 1);
    store.release(first);
    expect(store.acquire("acme")).toBe(first);
  });
});
