import {
  EngineNotSupportedException,
  InvalidSampleRateException,
  InvalidSsmlException,
  LanguageNotSupportedException,
  LexiconNotFoundException,
  MarksNotSupportedForFormatException,
  PollyClient,
  SynthesizeSpeechCommand,
  type SynthesizeSpeechCommandInput,
  TextLengthExceededException,
  ValidationException,
} from "@aws-sdk/client-polly";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMulaw } from "./g711-codec.ts";
import { type PollyEmulator, startPollyEmulator } from "./server.ts";

let emulator: PollyEmulator;
let client: PollyClient;

beforeAll(async () => {
  emulator = await startPollyEmulator();
  client = new PollyClient({
    region: "eu-west-2",
    endpoint: emulator.url,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

async function synthesize(input: Partial<SynthesizeSpeechCommandInput>) {
  const output = await client.send(
    new SynthesizeSpeechCommand({
      OutputFormat: "pcm",
      Text: "Hello.",
      VoiceId: "Joanna",
      ...input,
    }),
  );
  const body = Buffer.from((await output.AudioStream?.transformToByteArray()) ?? []);
  return { output, body };
}

describe("Polly emulator with @aws-sdk/client-polly", () => {
  it("returns 8 kHz pcm whose length is whole samples and whose duration fits the sentence", async () => {
    const text = "Thank you for calling. Your call is important to us.";
    const { output, body } = await synthesize({ Text: text, SampleRate: "8000" });
    expect(output.ContentType).toBe("audio/pcm");
    expect(output.RequestCharacters).toBe(text.length);
    expect(body.length % 2).toBe(0);
    const seconds = body.length / 2 / 8000;
    // About ten words at espeak's 175 words a minute, with two sentence pauses.
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(6);
    const samples = new Int16Array(body.buffer, body.byteOffset, body.length / 2);
    expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(1000);
  });

  it("defaults pcm to 16 kHz, twice the samples of 8 kHz", async () => {
    const low = await synthesize({ Text: "One two three.", SampleRate: "8000" });
    const high = await synthesize({ Text: "One two three." });
    expect(Math.abs(high.body.length / low.body.length - 2)).toBeLessThan(0.01);
  });

  it("returns mu-law that decodes back to speech", async () => {
    const { output, body } = await synthesize({ OutputFormat: "mulaw", Text: "Hello there." });
    expect(output.ContentType).toBe("audio/mulaw");
    const pcm = decodeMulaw(body);
    expect(Math.max(...pcm.map(Math.abs))).toBeGreaterThan(1000);
  });

  it("speaks SSML with Polly-only tags and bills only the text", async () => {
    const ssml =
      '<speak><amazon:effect name="whispered">Quiet</amazon:effect> please, <break time="300ms"/>' +
      '<prosody rate="slow">and slowly</prosody> <sub alias="World Wide Web">WWW</sub>.</speak>';
    const { output, body } = await synthesize({ TextType: "ssml", Text: ssml });
    expect(body.length).toBeGreaterThan(16000);
    // The text nodes: "Quiet", " please, ", "and slowly", " ", "WWW", ".".
    expect(output.RequestCharacters).toBe(29);
  });

  it("returns word, sentence and ssml speech marks as JSON lines in time order", async () => {
    const text = '<speak>Hello there. <mark name="middle"/>How are you?</speak>';
    const { output, body } = await synthesize({
      OutputFormat: "json",
      TextType: "ssml",
      Text: text,
      SpeechMarkTypes: ["word", "sentence", "ssml"],
    });
    expect(output.ContentType).toBe("application/x-json-stream");
    const marks = body
      .toString("utf8")
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as {
            time: number;
            type: string;
            start: number;
            end: number;
            value: string;
          },
      );
    expect(marks.filter((m) => m.type === "word").map((m) => m.value)).toEqual([
      "Hello",
      "there",
      "How",
      "are",
      "you",
    ]);
    expect(marks.filter((m) => m.type === "sentence").map((m) => m.value)).toEqual([
      "Hello there.",
      "How are you?",
    ]);
    const mark = marks.find((m) => m.type === "ssml");
    expect(mark?.value).toBe("middle");
    expect(text.slice(mark?.start, mark?.end)).toBe('<mark name="middle"/>');
    const how = marks.find((m) => m.value === "How");
    expect(mark?.time).toBe(how?.time);
    expect(text.slice(how?.start, how?.end)).toBe("How");
    expect(marks.map((m) => m.time)).toEqual([...marks.map((m) => m.time)].sort((a, b) => a - b));
  });

  it("encodes mp3 with ffmpeg", async () => {
    const { output, body } = await synthesize({ OutputFormat: "mp3", Text: "Hello." });
    expect(output.ContentType).toBe("audio/mpeg");
    // An MPEG frame sync or an ID3 tag opens the file.
    expect(body[0] === 0xff || body.subarray(0, 3).toString("latin1") === "ID3").toBe(true);
  });

  it.each([
    ["not well-formed", "<speak>Hello <break time='1s'></speak>"],
    ["a root other than speak", "<voice>Hello</voice>"],
    ["an unknown tag", "<speak><shout>Hello</shout></speak>"],
    ["a break over 10 s", '<speak>Hello <break time="11s"/></speak>'],
    ["a break time without unit", '<speak>Hello <break time="300"/></speak>'],
    ["a prosody rate out of range", '<speak><prosody rate="500%">Hello</prosody></speak>'],
    [
      "a prosody volume that is not a level",
      '<speak><prosody volume="very">Hello</prosody></speak>',
    ],
    ["an unknown say-as kind", '<speak><say-as interpret-as="emoji">Hello</say-as></speak>'],
  ])("refuses SSML with %s as InvalidSsmlException", async (_what, text) => {
    await expect(synthesize({ TextType: "ssml", Text: text })).rejects.toBeInstanceOf(
      InvalidSsmlException,
    );
  });

  it("refuses a tag the engine does not take (emphasis with neural)", async () => {
    const text = "<speak><emphasis>Hello</emphasis></speak>";
    await expect(
      synthesize({ TextType: "ssml", Text: text, Engine: "neural" }),
    ).rejects.toBeInstanceOf(InvalidSsmlException);
    await expect(
      synthesize({ TextType: "ssml", Text: text, Engine: "standard" }),
    ).resolves.toBeDefined();
  });

  it("refuses text over 3,000 billed or 6,000 total characters", async () => {
    await expect(synthesize({ Text: "a".repeat(3001) })).rejects.toBeInstanceOf(
      TextLengthExceededException,
    );
    const tags = `<speak>${'<break time="1ms"/>'.repeat(320)}Hello</speak>`;
    expect(tags.length).toBeGreaterThan(6000);
    await expect(synthesize({ TextType: "ssml", Text: tags })).rejects.toBeInstanceOf(
      TextLengthExceededException,
    );
  });

  it("refuses a sample rate the format does not have", async () => {
    await expect(synthesize({ SampleRate: "22050" })).rejects.toBeInstanceOf(
      InvalidSampleRateException,
    );
    await expect(synthesize({ OutputFormat: "mulaw", SampleRate: "16000" })).rejects.toBeInstanceOf(
      InvalidSampleRateException,
    );
  });

  it("refuses an unknown voice, an engine the voice lacks and a language it does not speak", async () => {
    await expect(synthesize({ VoiceId: "Nobody" as "Joanna" })).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(synthesize({ VoiceId: "Arthur", Engine: "standard" })).rejects.toBeInstanceOf(
      EngineNotSupportedException,
    );
    await expect(synthesize({ VoiceId: "Aditi", LanguageCode: "fr-FR" })).rejects.toBeInstanceOf(
      LanguageNotSupportedException,
    );
    await expect(
      synthesize({ VoiceId: "Aditi", LanguageCode: "hi-IN", Text: "Namaste." }),
    ).resolves.toBeDefined();
  });

  it("refuses lexicons it does not have and speech marks outside json", async () => {
    await expect(synthesize({ LexiconNames: ["acronyms"] })).rejects.toBeInstanceOf(
      LexiconNotFoundException,
    );
    await expect(synthesize({ SpeechMarkTypes: ["word"] })).rejects.toBeInstanceOf(
      MarksNotSupportedForFormatException,
    );
  });

  it("answers a malformed body with 400, not 5xx", async () => {
    const response = await fetch(`${emulator.url}/v1/speech`, {
      method: "POST",
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("ValidationException");
  });
});
