import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { DeflectStorage } from "./deflect-storage.ts";

/** The deployable system. Functions, topics and flows join as they are built. */
export class DeflectStack extends Stack {
  readonly storage: DeflectStorage;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.storage = new DeflectStorage(this, "Storage");
    new CfnOutput(this, "TableName", { value: this.storage.table.tableName });
  }
}
