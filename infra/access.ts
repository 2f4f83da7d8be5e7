/**
 * What each function may do to the table and the bucket, read off the code that
 * runs in it (shared/adapters/dynamo.ts, s3.ts and the services each entry builds).
 * test/infra/stateless.test.ts checks the synthesised policies against its own
 * hand-written copy of this table, so a change here is a deliberate one.
 *
 * DynamoDB has no `TransactWriteItems` IAM action: each Put/Update inside a
 * transaction is authorised as PutItem/UpdateItem (ConditionCheckItem only for
 * ConditionCheck items, which the code does not use).
 */
import { keys, objectKeys } from '../shared/storage/keys.ts';
import type { FunctionEntry } from './bundling.ts';

export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';
export type ObjectAction = 'GetObject' | 'PutObject';

/** S3 prefixes, taken from the key builders the code uses (docs/architecture.md, "Storage"). */
const firstSegment = (key: string) => `${key.split('/')[0]}/`;
export const PREFIXES = {
  reports: firstSegment(objectKeys.reportDocx('p', 'period', 'u', 1)),
  rollups: firstSegment(objectKeys.rollupPrefix('p', 'period', 'run')),
  /** The health probe's objects (functions/public/index.ts writes `health/{pid}`). */
  health: 'health/',
} as const;

export interface Access {
  table: TableAction[];
  objects: { prefix: string; actions: ObjectAction[] }[];
  /**
   * When set, the write actions (PutItem, UpdateItem, DeleteItem) are granted only on
   * items whose partition key matches one of these patterns (the `dynamodb:LeadingKeys`
   * condition key, StringLike): a function that writes reports cannot overwrite the
   * registry, the forms, or another family's items.
   */
  writeKeys?: string[];
}

export const WRITE_ACTIONS: readonly TableAction[] = ['PutItem', 'UpdateItem', 'DeleteItem'];

/** The partition patterns of the items the reports function writes (shared/storage/keys.ts). */
const REPORT_WRITES = [
  keys.version('*', '*', 1).pk, // versions, their document state, review actions: R#{unit}#{period}
  keys.latest('*', '*', '*').pk, // latest items: P#{province}#{period}
  keys.marker('*', '*').pk, // change markers: RU#{province}
  keys.jobsPartition, // artifact jobs
  keys.arrival('*', '*', '*', '*', 1).pk, // arrivals for the digest
  keys.message('*').pk, // outbox messages (review decisions)
  keys.outboxPendingPartition,
  keys.quota('*').pk, // the per-principal write quota
];

export const ACCESS: Record<FunctionEntry, Access> = {
  // Review and reopen: GetItem (latest, version), TransactWriteItems of an Update (latest,
  // marker) and Puts (history item, outbox message).
  // PUT: GetItem (latest, registry), TransactWriteItems of 5 Puts + 1 Update (the
  // document is built by the artifacts function); GET: GetItem, Query (versions). S3:
  // the .docx read through a presigned GET URL (signed with this role).
  // Writes only under REPORT_WRITES; no DeleteItem (nothing on the request path deletes).
  reports: {
    table: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
    objects: [{ prefix: PREFIXES.reports, actions: ['GetObject'] }],
    writeKeys: REPORT_WRITES,
  },
  // Status, latest: GetItem (marker, registry), Query (latest items). S3: the summary
  // read, presigned GETs for the downloads. Run now invokes the rollup function, which
  // writes the files and moves the pointer.
  provinces: {
    table: ['GetItem', 'Query'],
    objects: [{ prefix: PREFIXES.rollups, actions: ['GetObject'] }],
  },
  rollup: {
    table: ['GetItem', 'UpdateItem', 'Query'],
    objects: [{ prefix: PREFIXES.rollups, actions: ['PutObject', 'GetObject'] }],
  },
  // Public health: a GetItem of the HEALTH item and a GetObject of health/probe (reads only).
  // The administrators' deep check: a PutItem/GetItem round trip on the HEALTH item (the
  // only item it may write) and a put/get of health/{pid}. The OpenAPI document needs nothing.
  public: {
    table: ['GetItem', 'PutItem'],
    objects: [{ prefix: PREFIXES.health, actions: ['PutObject', 'GetObject'] }],
    writeKeys: [keys.health.pk],
  },
  // Documents (from the stream, and the retry sweep): Query (pending jobs), GetItem
  // (version, registry), PutItem (document state), UpdateItem (latest, job attempts),
  // DeleteItem (done job). Reading the stream is granted with the event source mapping.
  artifacts: {
    table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
    objects: [{ prefix: PREFIXES.reports, actions: ['PutObject'] }],
  },
  // Notifications: Query (pending outbox, arrivals, latest items of a period), GetItem
  // (registry), TransactWriteItems of Puts (messages, dead letters), Updates (lease,
  // sent) and Deletes (pending pointers, digested arrivals). No S3. (ses:SendEmail on
  // its identity is added by the stack.)
  notify: {
    table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
    objects: [],
  },
};
