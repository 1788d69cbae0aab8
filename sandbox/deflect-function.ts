import { loadDeflectConfig } from "../config/deflect-config.ts";
import { ENV } from "../config/environment-names.ts";
import type { ChannelKind } from "../core/channel.ts";
import type { Logger } from "../core/ports/logger.ts";
import type { OutboundChannel } from "../core/ports/messenger-channel.ts";
import { createDeflectHandler } from "../functions/deflect/deflect-handler.ts";
import { wireDeflection } from "../functions/deflect/wire.ts";
import { DEMO } from "./demo-instance.ts";

/**
 * The real deflect function, wired from its own configuration as in Lambda, for the
 * Connect emulator's Lambda endpoint: the sandbox's and `npm run emulators -- --with-functions`'.
 */
export function deflectFunction(options: {
  common: Record<string, string>;
  connectUrl: string;
  channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  now: () => Date;
  logger: Pick<Logger, "warn" | "error">;
}) {
  const config = loadDeflectConfig({
    ...options.common,
    [ENV.connectEndpoint]: options.connectUrl,
    [ENV.whatsAppTemplateSid]: DEMO.whatsAppTemplateSid,
  });
  return createDeflectHandler({
    deflection: wireDeflection({
      config,
      channels: options.channels,
      clock: { now: options.now },
    }),
    budgetMs: config.budgetMs,
    logger: options.logger,
  });
}
