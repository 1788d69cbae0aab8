import { ConnectClient } from "@aws-sdk/client-connect";
import { ConnectContactLensClient } from "@aws-sdk/client-connect-contact-lens";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { ConnectChatService } from "../../adapters/connect/connect-chat-service.ts";
import { paceClient } from "../../adapters/connect/paced-calls.ts";
import { ContactLensTranscriptSource } from "../../adapters/contact-lens/contact-lens-transcript-source.ts";
import {
  createCachedDynamoClient,
  createDocumentClients,
} from "../../adapters/dynamodb/document-client.ts";
import { DynamoChatConnectionStore } from "../../adapters/dynamodb/dynamo-chat-connection-store.ts";
import { DynamoFunnelRecorder } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoIdempotencyStore } from "../../adapters/dynamodb/dynamo-idempotency-store.ts";
import { DynamoLiveChatList } from "../../adapters/dynamodb/dynamo-live-chat-list.ts";
import { DynamoLiveRoutes } from "../../adapters/dynamodb/dynamo-live-routes.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { DynamoTranscriptSource } from "../../adapters/dynamodb/dynamo-transcript-source.ts";
import { DynamoWaitingLine } from "../../adapters/dynamodb/dynamo-waiting-line.ts";
import { MetaMediaSource } from "../../adapters/meta/meta-media-source.ts";
import { TwilioMediaSource } from "../../adapters/twilio/twilio-media-source.ts";
import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ResumeConfig } from "../../config/resume-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import { type Clock, systemClock } from "../../core/ports/clock.ts";
import type { FunnelRecorder } from "../../core/ports/funnel-recorder.ts";
import type { MediaSource } from "../../core/ports/media-source.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import type { TranscriptSource } from "../../core/ports/transcript-source.ts";
import { Redactor } from "../../core/redaction/redactor.ts";
import type { ResumeDeps } from "../../core/resume/resume-deps.ts";
import { awsClientOptions, connectClientOptions } from "../shared/aws-client-options.ts";
import { connectPacer } from "../shared/connect-pacing.ts";
import { funnelFanOut } from "../shared/funnel-fan-out.ts";
import { logRetries, type RetryLogger } from "../shared/retry-log.ts";
import { ChannelCustomerNotices } from "./channel-customer-notices.ts";

/**
 * Builds the resume function's dependencies from its configuration, once per cold start.
 * `channels` gives the platforms' credentials for fetching the files customers send;
 * without it, attachments are named in the chat instead of shown.
 */
export function wireResume(options: {
  config: ResumeConfig;
  channels?: ChannelsConfig;
  clock?: Clock;
  /** Also records the funnel here (the Lambda's CloudWatch metrics), besides the table. */
  funnelMetrics?: FunnelRecorder;
  /** Every retry of a platform call (a notice, a file's download) leaves a line here. */
  logger?: RetryLogger;
  /** Channels the caller has built already, for notices; else loaded from `channels`. */
  outboundChannels?: ReadonlyMap<ChannelKind, OutboundChannel>;
}): ResumeDeps {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const dynamoOptions = awsClientOptions(config.region, config.dynamoEndpoint);
  const { documentClient } = createDocumentClients(dynamoOptions);
  const table = { documentClient, tableName: config.tableName };
  const connect = new ConnectClient(connectClientOptions(config.region, config.connectEndpoint));
  const participant = new ConnectParticipantClient(
    connectClientOptions(config.region, config.connectParticipantEndpoint),
  );
  // A call that waits longer fails, and the stream retries its batch.
  const pacer = connectPacer({ ...table, pacing: config.connectPacing, maxWaitMs: 20_000 });
  paceClient(connect, pacer);
  paceClient(participant, pacer);
  return {
    sessions: new DynamoSessionStore({ ...table, clock }),
    claims: new DynamoIdempotencyStore({ ...table, clock }),
    chats: new ConnectChatService({ connect, participant }),
    connections: new DynamoChatConnectionStore({
      ...table,
      clock,
      encryptionKey: config.tokenKey,
    }),
    routes: new DynamoLiveRoutes({
      client: createCachedDynamoClient(dynamoOptions),
      tableName: config.tableName,
      encryptionKey: config.tokenKey,
    }),
    waitingLine: new DynamoWaitingLine({ ...table, clock }),
    transcripts: transcriptSource(config, table),
    funnel: funnelFanOut(new DynamoFunnelRecorder(table), options.funnelMetrics),
    redactor: new Redactor({
      cardNumbers: true,
      nationalIds: true,
      patterns: config.redactPatterns,
    }),
    customerMessageRedactor: new Redactor(config.customerMessageRedaction),
    relay:
      config.relay.mode === "websocket"
        ? { mode: "websocket", liveChats: new DynamoLiveChatList({ ...table, clock }) }
        : config.relay,
    clock,
    mediaSources: mediaSources(options.channels, options.logger),
    ...(options.channels
      ? {
          customerNotices: new ChannelCustomerNotices({
            config: options.channels,
            wiring: { clock, ...(options.logger ? { logger: options.logger } : {}) },
            ...(options.outboundChannels ? { channels: options.outboundChannels } : {}),
          }),
        }
      : {}),
    settings: {
      contactFlowId: config.contactFlowId,
      defaultDisplayName: config.displayName,
      waitingLineText: config.waitingLineText,
      ...(config.instanceId ? { defaultInstanceId: config.instanceId } : {}),
    },
  };
}

/** The call's words, from where DEFLECT_TRANSCRIPT_SOURCE says. */
function transcriptSource(
  config: ResumeConfig,
  table: ConstructorParameters<typeof DynamoTranscriptSource>[0],
): TranscriptSource {
  const { transcripts } = config;
  switch (transcripts.source) {
    case "transcribe":
      return new DynamoTranscriptSource(table);
    case "contact-lens":
      return new ContactLensTranscriptSource({
        client: new ConnectContactLensClient(
          connectClientOptions(config.region, config.connectEndpoint),
        ),
        instanceId: transcripts.instanceId,
      });
    case "none":
      return NO_TRANSCRIPT;
  }
}

/** DEFLECT_TRANSCRIPT_SOURCE=none: the chat opens with the call's context but not its words. */
const NO_TRANSCRIPT: TranscriptSource = { segments: async () => [] };

/** One media source per provider that has credentials, keyed as InboundMessage.provider. */
function mediaSources(
  channels: Pick<ChannelsConfig, "twilio" | "meta"> | undefined,
  logger: RetryLogger | undefined,
): Record<string, MediaSource> {
  const retry = logger ? { retry: { onRetry: logRetries(logger) } } : {};
  const sources: Record<string, MediaSource> = {};
  const twilio = channels?.twilio;
  if (twilio) {
    sources.twilio = new TwilioMediaSource({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      ...(twilio.apiOrigin ? { apiOrigin: twilio.apiOrigin } : {}),
      ...retry,
    });
  }
  const meta = channels?.meta;
  if (meta) {
    // A Graph origin other than Meta's is a stand-in (the sandbox's emulator), which also
    // serves the files its users send; in AWS it is unset and only Meta's CDN is fetched.
    sources.meta = new MetaMediaSource({
      ...retry,
      ...(meta.graphOrigin ? { mediaOrigin: meta.graphOrigin } : {}),
    });
  }
  return sources;
}
