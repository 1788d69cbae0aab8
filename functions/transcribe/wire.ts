import { LambdaClient } from "@aws-sdk/client-lambda";
import { TranscribeStreamingClient } from "@aws-sdk/client-transcribe-streaming";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoIdempotencyStore } from "../../adapters/dynamodb/dynamo-idempotency-store.ts";
import { DynamoTranscriptSource } from "../../adapters/dynamodb/dynamo-transcript-source.ts";
import { KinesisVideoCallAudio } from "../../adapters/kinesis-video/kinesis-video-call-audio.ts";
import { LambdaTranscriptionLauncher } from "../../adapters/lambda/lambda-transcription-launcher.ts";
import { TranscribeSpeechRecognizer } from "../../adapters/transcribe/transcribe-speech-recognizer.ts";
import type { TranscribeConfig } from "../../config/transcribe-config.ts";
import { type Clock, systemClock } from "../../core/ports/clock.ts";
import { Redactor } from "../../core/redaction/redactor.ts";
import type { CaptureDeps } from "../../core/transcript/capture-transcript.ts";
import type { StartCaptureDeps } from "../../core/transcript/start-capture.ts";
import { awsClientOptions } from "../shared/aws-client-options.ts";

/**
 * Builds the transcript function's dependencies from its configuration, once per cold start:
 * the worker's (transcripts are redacted with every detector and the configured patterns
 * before they are stored) and, per function ARN, the starter's.
 */
export function wireTranscribe(options: { config: TranscribeConfig; clock?: Clock }): {
  capture: CaptureDeps;
  starter(functionArn: string): StartCaptureDeps;
} {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const { documentClient } = createDocumentClients(
    awsClientOptions(config.region, config.dynamoEndpoint),
  );
  const table = { documentClient, tableName: config.tableName };
  const lambda = new LambdaClient({
    ...awsClientOptions(config.region, config.lambdaEndpoint),
    // An asynchronous invoke is queued at once; one retry stays inside the flow's 8 s.
    maxAttempts: 2,
  });
  const claims = new DynamoIdempotencyStore({ ...table, clock });
  const starters = new Map<string, StartCaptureDeps>();
  return {
    capture: {
      audio: new KinesisVideoCallAudio(
        awsClientOptions(config.region, config.kinesisVideoEndpoint),
      ),
      recognizer: new TranscribeSpeechRecognizer({
        client: new TranscribeStreamingClient(
          awsClientOptions(config.region, config.transcribeEndpoint),
        ),
      }),
      transcripts: new DynamoTranscriptSource(table),
      redactor: new Redactor({ patterns: config.redactPatterns }),
      clock,
    },
    starter(functionArn) {
      let deps = starters.get(functionArn);
      if (!deps) {
        const launcher = new LambdaTranscriptionLauncher({
          client: lambda,
          functionName: functionArn,
        });
        deps = { claims, launcher, clock };
        starters.set(functionArn, deps);
      }
      return deps;
    },
  };
}
