import type { ChannelKind } from "../../core/channel.ts";
import type { LocalWorld } from "../../sandbox/local-world.ts";
import type { PhonesView, PhoneThread } from "../console-view.ts";
import { RequestError } from "../request-error.ts";
import { linePhone } from "./line-phone.ts";
import { metaPhone } from "./meta-phone.ts";
import type { CustomerSend, MediaLinks, PhonePlatform } from "./phone-platform.ts";
import { telegramPhone } from "./telegram-phone.ts";
import { twilioPhone } from "./twilio-phone.ts";
import { xPhone } from "./x-phone.ts";

/**
 * Every customer's phone in the sandbox, on every channel: the threads the page lists
 * (newest activity first) and writing as a customer through their platform's emulator.
 */
export class CustomerPhones {
  readonly #platforms: readonly PhonePlatform[];
  readonly #byChannel: Readonly<Record<ChannelKind, PhonePlatform>>;

  constructor(world: LocalWorld, options: { businessNumber: string }) {
    const { meta, x, telegram, line } = world.platforms;
    const twilio = twilioPhone({
      twilio: world.twilio,
      webhooksUrl: `${world.messaging.bridge.url}/webhooks`,
      businessNumber: options.businessNumber,
    });
    const platforms = {
      twilio,
      meta: metaPhone(meta),
      x: xPhone(x),
      telegram: telegramPhone(telegram),
      line: linePhone(line),
    };
    this.#platforms = Object.values(platforms);
    this.#byChannel = {
      whatsapp: twilio,
      sms: twilio,
      messenger: platforms.meta,
      x: platforms.x,
      telegram: platforms.telegram,
      line: platforms.line,
    };
  }

  view(links: MediaLinks): PhonesView {
    const last = (thread: PhoneThread) => thread.messages.at(-1)?.at ?? 0;
    const threads = this.#platforms.flatMap((platform) => platform.threads(links));
    const noFiles = Object.fromEntries(
      Object.entries(this.#byChannel).flatMap(([channel, platform]) =>
        platform.noFiles ? [[channel, platform.noFiles]] : [],
      ),
    );
    return { threads: threads.sort((a, b) => last(b) - last(a)), noFiles };
  }

  /** Refuses a file where the customer's platform takes text only (400, with why). */
  async send(input: CustomerSend): Promise<{ webhookStatus: number | null }> {
    const platform = this.#byChannel[input.channel];
    if (input.file && platform.noFiles) {
      throw new RequestError(400, `no file on ${input.channel}: ${platform.noFiles}`);
    }
    return platform.send(input);
  }
}
