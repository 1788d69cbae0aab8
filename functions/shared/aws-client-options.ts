// An endpoint override means a local stand-in (dynalite, the emulators): it accepts any
// signature, and there is no AWS credential chain to ask.
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export interface AwsClientOptions {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** The region, and for a local stand-in its endpoint with placeholder credentials. */
export function awsClientOptions(region: string, endpoint: string | undefined): AwsClientOptions {
  return endpoint ? { region, endpoint, credentials: LOCAL_CREDENTIALS } : { region };
}

/**
 * For the Connect and Participant clients: the SDK resolves each command's middleware once
 * (its `cacheMiddleware` option, about 0.15 ms of CPU a call here), since nothing adds
 * middleware per request. Not for DynamoDB: lib-dynamodb's DocumentClient refuses it.
 */
export function connectClientOptions(
  region: string,
  endpoint: string | undefined,
): AwsClientOptions & { readonly cacheMiddleware: true } {
  return { ...awsClientOptions(region, endpoint), cacheMiddleware: true };
}
