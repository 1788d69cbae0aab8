import { InvalidInputError } from "../../core/errors.ts";
import type {
  InboundChannel,
  MessengerChannel,
  OutboundChannel,
} from "../../core/ports/messenger-channel.ts";

/**
 * One platform's sending half (its send.ts) and receiving half (its inbound.ts) as one
 * channel, for a process that both sends and takes webhooks (the sandbox, the journeys).
 * The halves stay apart everywhere else, so a bundle carries only the SDK its path uses.
 */
export function joinHalves(sender: OutboundChannel, receiver: InboundChannel): MessengerChannel {
  if (sender.kind !== receiver.kind || sender.provider !== receiver.provider) {
    throw new InvalidInputError(`${sender.kind} cannot be joined with ${receiver.kind}`);
  }
  const { showTyping } = sender;
  return {
    kind: sender.kind,
    provider: sender.provider,
    rules: sender.rules,
    send: (message) => sender.send(message),
    ...(showTyping ? { showTyping: (to) => showTyping.call(sender, to) } : {}),
    verifyAndParse: (request) => receiver.verifyAndParse(request),
  };
}
