/**
 * A `twilio` client aimed at the emulator. The library has no base-URL option, so a
 * RequestClient subclass swaps the origin of each request (protocols.md §5.7); auth,
 * form encoding and response parsing stay the library's own. Kept out of index.ts so
 * importing the emulator does not load the SDK.
 */
import twilio from "twilio";
import type BaseRequestClient from "twilio/lib/base/RequestClient.js";

export interface LocalTwilioClientOptions {
  readonly emulatorUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
}

export function createLocalTwilioClient(options: LocalTwilioClientOptions): twilio.Twilio {
  const origin = new URL(options.emulatorUrl).origin;
  class LocalRequestClient extends twilio.RequestClient {
    override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
      const target = new URL(opts.uri);
      return super.request({ ...opts, uri: `${origin}${target.pathname}${target.search}` });
    }
  }
  return twilio(options.accountSid, options.authToken, { httpClient: new LocalRequestClient() });
}
