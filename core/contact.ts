/** An Amazon Connect instance, by id (the last part of its ARN). */
export interface InstanceRef {
  readonly instanceId: string;
}

/** One contact (a call or a chat) in an instance. */
export interface ContactRef extends InstanceRef {
  readonly contactId: string;
}

/** A queue in an instance. */
export interface QueueRef extends InstanceRef {
  readonly queueId: string;
}

/** The contact channels Connect routes and reports metrics for. */
export type ContactChannel = "VOICE" | "CHAT";

/** Extracts the id from a Connect ARN (`arn:aws:connect:...:instance/<id>/queue/<qid>`) or id. */
export function idFromArn(arnOrId: string): string {
  const lastSlash = arnOrId.lastIndexOf("/");
  return lastSlash === -1 ? arnOrId : arnOrId.slice(lastSlash + 1);
}

/** Extracts the instance id from any ARN inside a Connect instance. */
export function instanceIdFromArn(arn: string): string | undefined {
  return /:instance\/([^/]+)/.exec(arn)?.[1];
}
