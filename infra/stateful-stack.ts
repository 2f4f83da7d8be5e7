/**
 * The data: the DynamoDB table, the S3 bucket (and its access-log bucket) and the
 * Cognito user pool. Everything here is retained when the stack is deleted, and the
 * table and user pool are also protected against deletion: removing the service
 * never removes the reports.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { CLAIM_UNIT, ROLES } from '../shared/auth/principal.ts';
import { TABLE_KEYS, TABLE_TTL_ATTRIBUTE } from '../shared/storage/keys.ts';

/** `custom:unit` in the token is the user pool's custom attribute `unit`. */
export const UNIT_ATTRIBUTE = CLAIM_UNIT.replace(/^custom:/, '');

const ROLE_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  reporter: 'Đơn vị báo cáo: gửi và xem báo cáo của đơn vị mình (custom:unit)',
  province: 'Cán bộ Sở Nội vụ: xem báo cáo, tình trạng nộp và báo cáo tổng hợp của tỉnh',
  admin: 'Quản trị viên của tỉnh',
};

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // --- DynamoDB: one table, the generic keys of shared/storage/keys.ts, no indexes
    // (every read is a GetItem or a Query on the table's own keys). Its stream (new
    // images) delivers each submission's artifact job item to the artifacts function.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_IMAGE,
      // Write-quota items expire once spent buckets are full again (their deletions on the stream are filtered out).
      timeToLiveAttribute: TABLE_TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      // AWS-managed key (aws/dynamodb): no monthly key fee and nothing to rotate, and
      // unlike the default AWS-owned key its use is visible in the account's CloudTrail.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // --- S3: server access logs go to their own bucket (SSE-S3: log delivery does not support SSE-KMS).
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The report and rollup files. SSE-S3 rather than SSE-KMS: every object is already
    // reachable only through the functions' prefix-scoped IAM policies, and a customer
    // key would add a monthly fee and a KMS request per object for no extra separation.
    this.bucket = new Bucket(this, 'Documents', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      // Keys are never reused for different content (v{n}, runId), so only replaced or
      // deleted objects leave noncurrent versions: keep those 90 days, then drop them.
      lifecycleRules: [
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) },
        // The administrators' deep health check writes health/{pid}: no probe is kept past a day.
        { id: 'expire-health-probes', prefix: 'health/', expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // --- Cognito: staff accounts created by an administrator (no self sign-up). The
    // role is a group, the unit a custom attribute; both reach the API in the ID token.
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: false, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        // Mutable so an administrator can move a person to another unit; users
        // themselves cannot write it (see the client's writeAttributes).
        [UNIT_ATTRIBUTE]: new StringAttribute({ minLen: 1, maxLen: 10, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true, email: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Tài khoản Hệ thống báo cáo CCHC / CCHC report hub account',
        emailBody:
          'Tên đăng nhập (username): {username}<br>Mật khẩu tạm thời (temporary password): {####}<br>' +
          'Lần đăng nhập đầu tiên cần đổi mật khẩu và cài ứng dụng xác thực (TOTP).',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    ROLES.forEach((role, i) => {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: ROLE_DESCRIPTIONS[role],
        // Lower wins in Cognito's preferred role; the handlers pick the most privileged group themselves.
        precedence: ROLES.length - i,
      });
    });

    // The client the callers sign in with; its ID token (audience = this client id)
    // carries cognito:groups and custom:unit to the HTTP API's JWT authorizer.
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(UNIT_ATTRIBUTE),
      // Never custom:unit: a user who could write it could report for another unit.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
