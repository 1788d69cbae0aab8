// What the global setup hands to integration tests through `inject()`.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
