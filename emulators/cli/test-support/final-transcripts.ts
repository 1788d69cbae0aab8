import {
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from "@aws-sdk/client-transcribe-streaming";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/**
 * Final transcripts of an 8 kHz en-US PCM stream sent to `endpoint` with the official client,
 * read until `until` is heard or the audio ends.
 */
export async function finalTranscripts(options: {
  readonly endpoint: string;
  readonly audio: AsyncIterable<Uint8Array>;
  readonly until: string;
}): Promise<string[]> {
  const client = new TranscribeStreamingClient({
    region: "eu-west-2",
    endpoint: options.endpoint,
    credentials,
  });
  const response = await client.send(
    new StartStreamTranscriptionCommand({
      LanguageCode: "en-US",
      MediaEncoding: "pcm",
      MediaSampleRateHertz: 8000,
      AudioStream: (async function* () {
        for await (const chunk of options.audio) yield { AudioEvent: { AudioChunk: chunk } };
      })(),
    }),
  );
  const finals: string[] = [];
  for await (const event of response.TranscriptResultStream ?? []) {
    for (const result of event.TranscriptEvent?.Transcript?.Results ?? []) {
      if (!result.IsPartial) finals.push(result.Alternatives?.[0]?.Transcript ?? "");
    }
    if (finals.includes(options.until)) break;
  }
  client.destroy();
  return finals;
}

/** The bytes in 0.2 s chunks (8 kHz, 16-bit), then silence so the last utterance can end. */
export async function* inChunks(bytes: Uint8Array, trailingSilenceBytes: number) {
  for (let at = 0; at < bytes.length; at += 3200) yield bytes.subarray(at, at + 3200);
  yield new Uint8Array(trailingSilenceBytes);
}
