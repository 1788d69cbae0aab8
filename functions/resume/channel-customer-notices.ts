import type { ChannelsConfig } from "../../config/channels-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import { InvalidInputError } from "../../core/errors.ts";
import type { CustomerNotices } from "../../core/ports/customer-notices.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import type { ChannelWiring } from "../shared/channels-from.ts";

/**
 * Customer notices through the configured messenger channels. The channels are loaded on
 * the first notice: most cold starts never send one, and their SDKs stay out of the start.
 * A process that has built its channels already (the sandbox, whose X stand-in needs its
 * certificate trusted) passes them instead.
 */
export class ChannelCustomerNotices implements CustomerNotices {
  readonly #config: ChannelsConfig;
  readonly #wiring: ChannelWiring;
  #channels: Promise<Map<ChannelKind, OutboundChannel>> | undefined;

  constructor(options: {
    config: ChannelsConfig;
    wiring: ChannelWiring;
    channels?: ReadonlyMap<ChannelKind, OutboundChannel>;
  }) {
    this.#config = options.config;
    this.#wiring = options.wiring;
    if (options.channels) this.#channels = Promise.resolve(new Map(options.channels));
  }

  async tell(options: Parameters<CustomerNotices["tell"]>[0]): Promise<void> {
    this.#channels ??= Promise.all([
      import("../shared/channels-from.ts"),
      import("../shared/channel-senders.ts"),
    ]).then(([{ channelsFrom }, { CHANNEL_SENDERS }]) =>
      channelsFrom(this.#config, { ...this.#wiring, senders: CHANNEL_SENDERS }),
    );
    const channel = (await this.#channels).get(options.to.channel);
    if (!channel) {
      throw new InvalidInputError(`no ${options.to.channel} channel is configured`);
    }
    await channel.send({ kind: "text", ...options });
  }
}
