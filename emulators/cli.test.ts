import { ConnectClient, GetCurrentMetricDataCommand } from "@aws-sdk/client-connect";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { GetDataEndpointCommand, KinesisVideoClient } from "@aws-sdk/client-kinesis-video";
import { GetMediaCommand, KinesisVideoMediaClient } from "@aws-sdk/client-kinesis-video-media";
import { PollyClient, SynthesizeSpeechCommand } from "@aws-sdk/client-polly";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MkvReader } from "../adapters/kinesis-video/mkv-reader.ts";
import { type CliRun, firstJsonLine, runCli } from "./cli/test-support/cli-process.ts";
import { finalTranscripts, inChunks } from "./cli/test-support/final-transcripts.ts";
import { createLocalTwilioClient } from "./twilio/local-client.ts";

const region = "eu-west-2";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const POLLY_SAYS = "Your parcel arrives tomorrow morning.";
const CALLER_SAYS = "Move my delivery to Friday.";
const SECRET = JSON.stringify({ DEFLECT_BRAND_NAME: "Acme" });

let run: CliRun;
let line: Record<string, unknown>;
let help: CliRun;
let bad: CliRun;
let mute: CliRun;
const url = (key: string) => line[key] as string;

// All four start together: each costs a tsx start-up, and none depends on another.
beforeAll(async () => {
  run = runCli(["--flows", "emulators/cli/test-support/flows", "--secret", `demo=${SECRET}`]);
  help = runCli(["--help"]);
  bad = runCli(["--bogus"]);
  // No PATH, so the espeak-ng probe cannot find the program even where it is installed.
  mute = runCli(["--only", "polly,twilio"], { ...process.env, PATH: "" });
  line = await firstJsonLine(run);
}, 20_000);

afterAll(() => {
  for (const started of [run, mute]) {
    if (started.child.exitCode === null) started.child.kill("SIGKILL");
  }
});

describe("npm run emulators", () => {
  it("prints one JSON line with every emulator's endpoint, credentials and the seeded ids", () => {
    const origin = /^http:\/\/127\.0\.0\.1:\d+$/;
    for (const key of [
      "connect",
      "kinesisVideo",
      "polly",
      "transcribe",
      "secretsManager",
      "dynamodb",
    ]) {
      expect(url(key)).toMatch(origin);
    }
    for (const key of ["twilio", "meta", "telegram", "line"]) {
      expect((line[key] as { url: string }).url).toMatch(origin);
    }
    expect(line.x).toMatchObject({ url: expect.stringMatching(/^https:/), caCert: /CERTIFICATE/ });
    expect(line).toMatchObject({
      instanceId: "11111111-2222-3333-4444-555555555555",
      flows: { "media-check": expect.any(String), "voice-deflection": expect.any(String) },
      queues: { Support: expect.any(String), Billing: expect.any(String) },
      espeak: true,
    });
    expect(run.stderr()).toBe("");
  });

  it("serves a DynamoDB API (dynalite) to the official client", async () => {
    const dynamo = new DynamoDBClient({ region, credentials, endpoint: url("dynamodb") });
    const listed = await dynamo.send(new ListTablesCommand({}));
    expect(listed.TableNames).toEqual([]);
    dynamo.destroy();
  });

  it("serves the demo instance to the Connect SDK and the seeded secret to Secrets Manager's", async () => {
    const connect = new ConnectClient({ region, endpoint: url("connect"), credentials });
    const queues = line.queues as Record<string, string>;
    const metrics = await connect.send(
      new GetCurrentMetricDataCommand({
        InstanceId: line.instanceId as string,
        Filters: { Queues: Object.values(queues), Channels: ["VOICE"] },
        Groupings: ["QUEUE"],
        CurrentMetrics: [{ Name: "CONTACTS_IN_QUEUE", Unit: "COUNT" }],
      }),
    );
    const byQueue = metrics.MetricResults?.map((result) => [
      result.Dimensions?.Queue?.Id,
      result.Collections?.[0]?.Value,
    ]);
    expect(byQueue?.sort()).toEqual(
      Object.values(queues)
        .map((id) => [id, 0])
        .sort(),
    );
    const secrets = new SecretsManagerClient({
      region,
      endpoint: url("secretsManager"),
      credentials,
    });
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: "demo" }));
    expect(secret.SecretString).toBe(SECRET);
    expect(secret.ARN).toBe((line.secretArns as Record<string, string>).demo);
  });

  it("accepts the messenger credentials it printed", async () => {
    const twilio = line.twilio as { url: string; accountSid: string; authToken: string };
    const client = createLocalTwilioClient({ emulatorUrl: twilio.url, ...twilio });
    expect(await client.messages.list({ limit: 5 })).toEqual([]);
    const telegram = line.telegram as { url: string; botToken: string; botId: number };
    const me = await fetch(`${telegram.url}/bot${telegram.botToken}/getMe`);
    expect(await me.json()).toMatchObject({ ok: true, result: { id: telegram.botId } });
  });

  it("lets Transcribe recognise what Polly said, at 8 kHz pcm", async () => {
    const polly = new PollyClient({ region, endpoint: url("polly"), credentials });
    const said = await polly.send(
      new SynthesizeSpeechCommand({
        Text: POLLY_SAYS,
        VoiceId: "Joanna",
        OutputFormat: "pcm",
        SampleRate: "8000",
      }),
    );
    polly.destroy();
    expect(said.ContentType).toBe("audio/pcm");
    const audio = (await said.AudioStream?.transformToByteArray()) ?? new Uint8Array();
    expect(audio.length).toBeGreaterThan(8000); // over half a second of 16-bit samples
    const heard = await finalTranscripts({
      endpoint: url("transcribe"),
      audio: inChunks(audio, 8000),
      until: POLLY_SAYS,
    });
    expect(heard).toEqual([POLLY_SAYS]);
  });

  it("streams a call to Kinesis Video in the caller's voice, which Transcribe recognises", async () => {
    const placed = await fetch(`${line.emulatorApi}/voice-calls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        flow: "media-check",
        caller: { steps: [{ say: CALLER_SAYS }], promptSeconds: 0.5, hangUpAfterSeconds: 30 },
      }),
    });
    const { contactId } = (await placed.json()) as { contactId: string };
    const stream = await vi.waitFor(async () => {
      const answer = await fetch(`${line.emulatorApi}/contacts`);
      const { contacts } = (await answer.json()) as {
        contacts: {
          id: string;
          mediaStreams?: { streamArn: string; startFragmentNumber: string };
        }[];
      };
      const media = contacts.find((contact) => contact.id === contactId)?.mediaStreams;
      expect(media?.streamArn).toMatch(/^arn:aws:kinesisvideo:eu-west-2:111122223333:stream\//);
      return media as { streamArn: string; startFragmentNumber: string };
    });
    const kvs = new KinesisVideoClient({ region, endpoint: url("kinesisVideo"), credentials });
    const { DataEndpoint } = await kvs.send(
      new GetDataEndpointCommand({ StreamARN: stream.streamArn, APIName: "GET_MEDIA" }),
    );
    expect(DataEndpoint).toBe(url("kinesisVideo"));
    const media = new KinesisVideoMediaClient({
      region,
      endpoint: String(DataEndpoint),
      credentials,
    });
    const { Payload } = await media.send(
      new GetMediaCommand({
        StreamARN: stream.streamArn,
        StartSelector: {
          StartSelectorType: "FRAGMENT_NUMBER",
          AfterFragmentNumber: stream.startFragmentNumber,
        },
      }),
    );
    let heard = false;
    let bytes = 0;
    // Track 1 is AUDIO_FROM_CUSTOMER. Stop once Transcribe has heard the caller, or after 10 s
    // of call audio (the sentence ends within 4 s), so a deaf Transcribe fails fast.
    const callerTrack = async function* () {
      const reader = new MkvReader();
      for await (const chunk of Payload as AsyncIterable<Uint8Array>) {
        if (heard || bytes > 10 * 16_000) return;
        for (const event of reader.push(chunk)) {
          if (event.kind !== "block" || event.trackNumber !== 1) continue;
          bytes += event.payload.length;
          yield Uint8Array.from(event.payload);
        }
      }
    };
    const finals = await finalTranscripts({
      endpoint: url("transcribe"),
      audio: callerTrack(),
      until: CALLER_SAYS,
    });
    heard = true;
    kvs.destroy();
    media.destroy();
    await fetch(`${line.emulatorApi}/contacts/${contactId}/hang-up`, { method: "POST" });
    expect(finals).toContain(CALLER_SAYS);
  });

  it("ends with code 0 on SIGTERM", async () => {
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });
});

describe("npm run emulators on a bad command line or without espeak-ng", () => {
  it("prints the usage and exits 0 on --help", async () => {
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: npm run emulators -- \[options\]/);
    expect(help.stdout()).toContain("--only");
  });

  it("names an unknown option and exits 2", async () => {
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain("Unknown option '--bogus'");
    expect(bad.stdout()).toBe("");
  });

  it("starts the rest without espeak-ng and says on stderr what to install", async () => {
    const printed = await firstJsonLine(mute);
    expect(printed).toMatchObject({ polly: expect.any(String), espeak: false });
    expect(printed.twilio).toBeDefined();
    expect(printed.connect).toBeUndefined();
    expect(mute.stderr()).toContain("apt-get install espeak-ng");
    expect(mute.stderr()).toContain("Polly answers SynthesizeSpeech with ServiceFailureException");
    expect(mute.stderr()).not.toContain("Transcribe");
    mute.child.kill("SIGTERM");
    expect(await mute.exited).toBe(0);
  });
});
