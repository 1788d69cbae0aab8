import { TranscribeStreamingClient } from "@aws-sdk/client-transcribe-streaming";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoTranscriptSource } from "../../adapters/dynamodb/dynamo-transcript-source.ts";
import { KinesisVideoCallAudio } from "../../adapters/kinesis-video/kinesis-video-call-audio.ts";
import { TranscribeSpeechRecognizer } from "../../adapters/transcribe/transcribe-speech-recognizer.ts";
import type { TranscribeConfig } from "../../config/transcribe-config.ts";
import type { Clock } from "../../core/ports/clock.ts";
import { Redactor } from "../../core/redaction/redactor.ts";
import type { CaptureDeps } from "../../core/transcript/capture-transcript.ts";
import { awsClientOptions } from "../shared/aws-client-options.ts";

const systemClock: Clock = { now: () => new Date() };

/**
 * Builds the transcript worker's dependencies from its configuration, once per cold start.
 * Transcripts are redacted with every detector and the configured patterns before storage.
 */
export function wireTranscribe(options: { config: TranscribeConfig; clock?: Clock }): CaptureDeps {
  const { config } = options;
  const { documentClient } = createDocumentClients(
    awsClientOptions(config.region, config.dynamoEndpoint),
  );
  return {
    audio: new KinesisVideoCallAudio(awsClientOptions(config.region, config.kinesisVideoEndpoint)),
    recognizer: new TranscribeSpeechRecognizer({
      client: new TranscribeStreamingClient(
        awsClientOptions(config.region, config.transcribeEndpoint),
      ),
    }),
    transcripts: new DynamoTranscriptSource({ documentClient, tableName: config.tableName }),
    redactor: new Redactor({ patterns: config.redactPatterns }),
    clock: options.clock ?? systemClock,
  };
}
