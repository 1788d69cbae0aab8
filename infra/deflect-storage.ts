import { RemovalPolicy } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { TABLE } from "../adapters/dynamodb/table-definition.ts";

/** The product's one DynamoDB table, built from the same definition the adapter uses. */
export class DeflectStorage extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, "Table", {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      // Resume reads the INBOX# items the webhook function writes from the table's stream.
      stream: StreamViewType.NEW_IMAGE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Sessions and the consent audit trail must survive a stack deletion, and the table
      // cannot be deleted by hand or by a replacement until protection is switched off.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE.listingIndex.name,
      partitionKey: { name: TABLE.listingIndex.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.listingIndex.sortKey, type: AttributeType.STRING },
    });
  }
}
