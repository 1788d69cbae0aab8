/**
 * X (Twitter) emulator for direct messages: the v2 DM endpoints over HTTPS (twitter-api-v2
 * only speaks https), OAuth 1.0a / OAuth 2.0 user auth, DM rate limits, and signed
 * Account Activity webhooks with the CRC. Facts from protocols.md §7.
 */
import { Agent } from "node:https";
import { createEmulatorKit, type EmulatorKit } from "../shared-http/emulator-kit.ts";
import { startEmulatorServer } from "../shared-http/http-server.ts";
import type { EmulatorRequest } from "../shared-http/http-types.ts";
import { addInspectionRoutes } from "../shared-http/inspection-routes.ts";
import { Router } from "../shared-http/router.ts";
import { generateLocalTls } from "../shared-http/self-signed-tls.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { renderXFault, xErrors } from "./api-errors.ts";
import { appendUpload, finalizeUpload, initializeUpload, uploadedBytes } from "./media-api.ts";
import { listDmEvents, sendInConversation, sendToParticipant } from "./outbound-api.ts";
import { fetchMe } from "./users-api.ts";
import {
  crcCheck,
  customerSends,
  type XCustomerMessage,
  type XInboundResult,
} from "./webhook-delivery.ts";
import {
  DmStore,
  resolveXConfig,
  type XConfig,
  type XContext,
  type XDmEvent,
  type XEmulatorOptions,
} from "./x-context.ts";

export interface XEmulator extends EmulatorKit {
  /** HTTPS origin; point twitter-api-v2 at `${url}/2/` with setPrefix. */
  readonly url: string;
  /** The generated self-signed certificate (its own CA), PEM. */
  readonly caCert: string;
  readonly credentials: Pick<
    XConfig,
    | "consumerKey"
    | "consumerSecret"
    | "accessToken"
    | "accessTokenSecret"
    | "userId"
    | "appBearerToken"
  >;
  /** An https.Agent that trusts the emulator's certificate. */
  httpsAgent(): Agent;
  close(): Promise<void>;
  customerSends(input: XCustomerMessage): Promise<XInboundResult>;
  /** Runs the CRC GET against the webhook; ok when the app answered correctly. */
  crcCheck(): Promise<{ ok: boolean; expected: string; delivery: WebhookDelivery }>;
  setWebhookUrl(url: string): void;
  /** The user no longer accepts DMs from the account (sends get 403). */
  closeDms(userId: string): void;
  /** DMs the account sent, oldest first. */
  sent(filter?: { participantId?: string }): readonly XDmEvent[];
  /** A file the account uploaded, by the media_key a DM event names. */
  uploadedMedia(
    mediaKey: string,
  ): { mediaType: string; category: string; bytes: Buffer; sizeInBytes: number } | undefined;
  idle(): Promise<void>;
  /** Forgets messages, requests, deliveries and faults, and cancels scheduled callbacks. */
  reset(): void;
}

export async function startXEmulator(options: XEmulatorOptions = {}): Promise<XEmulator> {
  const kit = createEmulatorKit(options);
  const ctx: XContext = { config: resolveXConfig(options), store: new DmStore(kit.clock), kit };
  const sent = (filter: { participantId?: string } = {}) =>
    ctx.store.events.filter(
      (event) =>
        event.sender_id === ctx.config.userId &&
        (!filter.participantId ||
          event.dm_conversation_id.split("-").includes(filter.participantId)),
    );
  // Clearing the webhook sender also cancels callbacks scheduled before the reset.
  const reset = () => {
    ctx.store.clear();
    kit.requests.clear();
    kit.webhooks.clear();
    kit.faults.clear();
  };
  const router = new Router({
    faults: kit.faults,
    renderFault: renderXFault,
    notFound: (request) => xErrors.notFound(request.path),
  });
  addInspectionRoutes(router, {
    kit,
    sent: () => sent(),
    customerSends: (input) => customerSends(ctx, input as XCustomerMessage),
    reset,
  });
  const on =
    (handler: (c: XContext, r: EmulatorRequest) => ReturnType<typeof listDmEvents>) =>
    (request: EmulatorRequest) =>
      handler(ctx, request);
  router
    .add(
      "POST",
      "/2/dm_conversations/with/:participantId/messages",
      on(sendToParticipant),
      "dm.send",
    )
    .add("POST", "/2/dm_conversations/:conversationId/messages", on(sendInConversation), "dm.send")
    .add("GET", "/2/dm_events", on(listDmEvents), "dm.list")
    .add("GET", "/2/dm_conversations/with/:participantId/dm_events", on(listDmEvents), "dm.list")
    .add("GET", "/2/users/me", on(fetchMe), "users.me")
    .add("POST", "/2/media/upload/initialize", on(initializeUpload), "media.upload")
    .add("POST", "/2/media/upload/:mediaId/append", on(appendUpload), "media.upload")
    .add("POST", "/2/media/upload/:mediaId/finalize", on(finalizeUpload), "media.upload");
  const tls = await generateLocalTls();
  const server = await startEmulatorServer({ router, recorder: kit.requests, tls });
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret, userId, appBearerToken } =
    ctx.config;
  return {
    ...kit,
    url: server.url,
    caCert: tls.cert,
    credentials: {
      consumerKey,
      consumerSecret,
      accessToken,
      accessTokenSecret,
      userId,
      appBearerToken,
    },
    httpsAgent: () => new Agent({ ca: tls.cert }),
    close: () => server.close(),
    customerSends: (input) => customerSends(ctx, input),
    crcCheck: () => crcCheck(ctx),
    setWebhookUrl: (url) => {
      ctx.config.webhookUrl = url;
    },
    closeDms: (id) => ctx.store.closedDms.add(id),
    sent,
    uploadedMedia: (mediaKey) => {
      const media = [...ctx.store.media.values()].find((item) => item.mediaKey === mediaKey);
      if (!media) return undefined;
      const bytes = uploadedBytes(media);
      const { mediaType, category } = media;
      return { mediaType, category, bytes, sizeInBytes: bytes.length };
    },
    idle: () => kit.webhooks.idle(),
    reset,
  };
}
