import type { Agent } from "node:https";
import { XDirectMessageSender } from "../send.ts";

/**
 * What a sender needs of the X emulator: its OAuth 1.0a keys (in the emulator's names), its
 * origin and an agent that trusts its certificate. Written out, not imported, because
 * adapters/ may not depend on emulators/ outside test files.
 */
export interface XEndpoint {
  readonly credentials: {
    readonly consumerKey: string;
    readonly consumerSecret: string;
    readonly accessToken: string;
    readonly accessTokenSecret: string;
  };
  readonly url: string;
  httpsAgent(): Agent;
}

/** The DM sender aimed at an X endpoint, with its keys in twitter-api-v2's names. */
export function xSenderUnderTest(x: XEndpoint): XDirectMessageSender {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = x.credentials;
  return new XDirectMessageSender({
    credentials: {
      appKey: consumerKey,
      appSecret: consumerSecret,
      accessToken,
      accessSecret: accessTokenSecret,
    },
    apiOrigin: x.url,
    httpsAgent: x.httpsAgent(),
  });
}
