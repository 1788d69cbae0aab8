import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ENV } from "../config/environment-names.ts";
import { loadRelayConfig } from "../config/relay-config.ts";
import { loadResumeConfig } from "../config/resume-config.ts";
import { DRAIN_WAITING_LINE_EVENT } from "../config/scheduled-events.ts";
import { loadWebhooksConfig } from "../config/webhooks-config.ts";
import type { RelayOutcome } from "../core/relay/relay-outcome.ts";
// API Gateway's HTTP API in front of the webhook function, shared with the webhook tests.
import { startLambdaHttpBridge } from "../emulators/api-gateway/lambda-http-bridge.ts";
import type { ConnectEmulator } from "../emulators/connect/connect-emulator.ts";
import type { TwilioEmulator } from "../emulators/twilio/index.ts";
import { createResumeHandler } from "../functions/resume/resume-handler.ts";
import { wireResume } from "../functions/resume/wire.ts";
import { CHANNEL_RECEIVERS } from "../functions/shared/channel-receivers.ts";
import { CHANNEL_SENDERS } from "../functions/shared/channel-senders.ts";
import { channelsFrom } from "../functions/shared/channels-from.ts";
import { createWebhookHandler } from "../functions/webhooks/webhook-handler.ts";
import { wireWebhooks } from "../functions/webhooks/wire.ts";
import { startLocalRelay } from "../relay/local-relay.ts";
import { DEMO } from "./demo-instance.ts";
import { InboxRouter } from "./inbox-router.ts";
import type { MessengerPlatforms } from "./messenger-platforms.ts";

type Logger = {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
};

/**
 * The messaging half of the product, wired from each function's own configuration as in
 * Lambda: the webhook function behind an HTTP bridge (the Twilio emulator's webhook URL), the
 * resume function fed new INBOX# items as stream batches (InboxRouter), and the relay's SNS
 * subscriber on the topic resume streams chats to. Times resume batches and relayed items.
 * `platforms`, when given, adds Messenger, X, Telegram and LINE beside Twilio.
 */
export async function startMessagingParts(options: {
  common: Record<string, string>;
  client: DynamoDBClient;
  connect: ConnectEmulator;
  twilio: TwilioEmulator;
  chatFlowId: string;
  now: () => Date;
  logger: Logger;
  platforms?: Pick<MessengerPlatforms, "env" | "overrideChannels" | "connect">;
}) {
  const { common, connect, twilio, logger } = options;
  const clock = { now: options.now };
  const bridge = await startLambdaHttpBridge();
  const webhooksConfig = loadWebhooksConfig({
    ...common,
    [ENV.webhookPublicBaseUrl]: bridge.url,
    [ENV.twilioAccountSid]: twilio.accountSid,
    [ENV.twilioAuthToken]: twilio.authToken,
    [ENV.twilioSmsFrom]: DEMO.businessNumber,
    [ENV.twilioWhatsAppFrom]: `whatsapp:${DEMO.businessNumber}`,
    [ENV.twilioApiOrigin]: twilio.url,
    ...options.platforms?.env,
  });
  // One set of channel adapters, with receipts reaching the webhook function.
  const channels = channelsFrom(webhooksConfig, {
    clock,
    senders: CHANNEL_SENDERS,
    receivers: CHANNEL_RECEIVERS,
  });
  options.platforms?.overrideChannels(channels);
  bridge.setHandler(createWebhookHandler(wireWebhooks(webhooksConfig, { clock, logger })));
  await options.platforms?.connect(bridge.url);

  const resume = createResumeHandler({
    resume: wireResume({
      config: loadResumeConfig({
        ...common,
        [ENV.connectEndpoint]: connect.url,
        [ENV.resumeContactFlowId]: options.chatFlowId,
        [ENV.resumeRelayTopicArn]: DEMO.relayTopicArn,
        [ENV.resumeTokenKey]: DEMO.tokenKey,
      }),
      channels: webhooksConfig,
      // The same adapters, so a notice on X trusts the X stand-in's certificate.
      outboundChannels: channels,
      clock,
    }),
    logger,
  });
  const timings = { resume: [] as number[], relay: [] as number[] };
  const inbox = new InboxRouter({
    client: options.client,
    tableName: common[ENV.tableName] ?? "",
    resume: async (event) => {
      const started = performance.now();
      const answer = await resume(event);
      timings.resume.push(performance.now() - started);
      return answer;
    },
  });

  const relayConfig = loadRelayConfig({
    ...common,
    [ENV.connectEndpoint]: connect.url,
    [ENV.resumeTokenKey]: DEMO.tokenKey,
    [ENV.relayClosingText]: DEMO.closingText,
    [ENV.relayConfirmSubscriptions]: "loopback",
  });
  const relayOutcomes: RelayOutcome[] = [];
  const pem = await (await fetch(`${connect.url}/__emulator/sns/signing-key.pem`)).text();
  const { subscriber } = await startLocalRelay({
    config: relayConfig,
    channels,
    logger,
    clock,
    signingMaterialPem: pem,
    onOutcome: (outcome, _item, elapsedMs) => {
      timings.relay.push(elapsedMs);
      relayOutcomes.push(outcome);
    },
  });
  // As the stack subscribes the relay to the chat streaming topic.
  connect.control.subscribe(DEMO.relayTopicArn, subscriber.url);

  return {
    bridge,
    channels,
    inbox,
    /** The waiting line's drain, which a schedule runs every minute in AWS. */
    drainWaitingLine: () => resume(DRAIN_WAITING_LINE_EVENT),
    relayUrl: subscriber.url,
    relayOutcomes,
    timings,
    async close() {
      await subscriber.close();
      await bridge.close();
    },
  };
}

export type MessagingParts = Awaited<ReturnType<typeof startMessagingParts>>;
