/**
 * Storage ports. The domain talks to these small interfaces; shared/adapters/
 * implements them on DynamoDB and S3 (and nothing in the domain imports the SDK).
 */
import type { FormSummary, ReportBody } from '../forms/body.ts';
import type { ReportFacts } from '../forms/facts.ts';
import type { FormDef } from '../forms/model.ts';
import type { Finding } from '../report/finding.ts';
import type { Arrival, OutboxMessage } from '../notify/outbox.ts';
import type { ReviewAction, ReviewStatus } from '../review/model.ts';

export type Role = 'reporter' | 'province' | 'admin';

export interface Submitter {
  /** The token's subject (user id). */
  sub: string;
  /** The unit the person belongs to (from the token). */
  unit: string;
  role: Role;
}

export interface VersionRecord {
  unit: string;
  period: string;
  province: string;
  version: number;
  /** sha256 of the canonical JSON. */
  hash: string;
  /** ISO instant the server accepted this version. */
  receivedAt: string;
  submittedBy: Submitter;
  requestId: string;
  /** The canonical body; its `form` names the form version it was filled against. */
  content: ReportBody;
  /** What the server supplied (authority, place, labels): the document is built from these, so rebuilds match. */
  facts: ReportFacts;
  /** The first warnings (at most MAX_STORED_WARNINGS, shared/report/service.ts). */
  warnings: Finding[];
  /** How many warnings the version drew (absent on versions written before the cap: warnings.length). */
  warningCount?: number;
}

/** A line of a report's history: who sent which version when, and how many warnings it drew. */
export type VersionMeta = Omit<VersionRecord, 'content' | 'facts' | 'warnings' | 'warningCount'> & { warningCount: number };

/** One page of a report's versions, newest first. */
export interface VersionPageQuery {
  /** Only versions below this one (the cursor); absent: from the latest. */
  below?: number;
  /** At most this many. */
  limit: number;
}

export type DocumentState =
  | { state: 'pending'; attempts: number; lastError?: string; updatedAt: string }
  | { state: 'ready'; key: string; size: number; fileName: string; updatedAt: string }
  | { state: 'failed'; attempts: number; lastError: string; updatedAt: string };

export interface LatestRecord {
  unit: string;
  period: string;
  province: string;
  version: number;
  hash: string;
  receivedAt: string;
  /** Receipt of the first accepted version: on time / late is judged on it. */
  firstReceivedAt: string;
  onTime: boolean;
  summary: FormSummary;
  document: DocumentState;
  /** Review state (absent on items written before review existed: read as "chờ duyệt"). */
  review?: ReviewStatus;
}

/** A version whose artifacts (canonical JSON and .docx in S3) are not written yet. */
export interface ArtifactJob {
  unit: string;
  period: string;
  province: string;
  version: number;
  attempts: number;
  createdAt: string;
}

export interface ReportStore {
  getLatest(province: string, unit: string, period: string): Promise<LatestRecord | undefined>;
  getVersion(unit: string, period: string, version: number): Promise<VersionRecord | undefined>;
  /** A page of the versions, newest first (one Query; warnings are counted, not read). */
  listVersions(unit: string, period: string, page: VersionPageQuery): Promise<VersionMeta[]>;
  /**
   * Atomically: the new immutable version, the latest item (conditional on the
   * expected current version, null for a first submission, and on the review state the
   * new latest carries), the province-period change marker, an artifact job and the
   * arrival for the province's digest. Throws ConcurrentWriteError on a lost race.
   */
  commitVersion(version: VersionRecord, latest: LatestRecord, expectedVersion: number | null, arrival?: Arrival): Promise<void>;
  /**
   * Atomically: the latest item's review state (conditional on the version and the
   * review sequence the decision was taken on), the action's history item, the
   * province-period change marker and the outbox messages. Throws ConcurrentWriteError
   * when the version or the review state changed meanwhile.
   */
  commitReview(
    latest: LatestRecord,
    action: ReviewAction,
    messages: OutboxMessage[],
    expected: { version: number; seq: number },
  ): Promise<void>;
  /** The report's review actions, in order. */
  listReviewActions(unit: string, period: string): Promise<ReviewAction[]>;
  /** Every unit's latest item for a province and period (one Query, paginated). */
  latestForProvincePeriod(province: string, period: string): Promise<LatestRecord[]>;
  /**
   * The same items a page at a time: the next page is already being read while the
   * caller works on this one (the rollup computes as the Query runs). With `splitAt`
   * the key range is read in parts, concurrently, each new part starting at one of
   * those units' keys; pages then come in the order they arrive, each item once.
   */
  latestPagesForProvincePeriod(province: string, period: string, options?: LatestReadOptions): AsyncIterable<LatestRecord[]>;
  getDocumentState(unit: string, period: string, version: number): Promise<DocumentState | undefined>;
  /** Records a version's document state; mirrors it on the latest item if that version is the latest. */
  setDocumentState(job: ArtifactJob, state: DocumentState, done: boolean): Promise<void>;
  pendingArtifactJobs(limit: number): Promise<ArtifactJob[]>;
}

export interface LatestReadOptions {
  /** Unit codes where the read may split into parts read at the same time (none: one Query). */
  splitAt?: readonly string[];
}

/**
 * A write quota per principal (a token bucket): `take` spends one write or says how long
 * to wait. Keyed by a digest of the principal, so any subject fits a key.
 */
export interface WriteQuota {
  take(principal: string, now: Date): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
}

/** Forms an administrator added (the bundled ones ship with the code). (id, version) is written once. */
export interface FormStore {
  list(): Promise<FormDef[]>;
  get(id: string, version: number): Promise<FormDef | undefined>;
  /** false when that version already exists (nothing written). */
  put(form: FormDef): Promise<boolean>;
}

/** Short-lived download links (the reports API needs only this of the bucket). */
export interface UrlSigner {
  /** A short-lived GET URL; `fileName` sets the download name. */
  presignGet(key: string, expiresInSeconds: number, fileName?: string): Promise<string>;
}

/** How an object is stored and served. */
export interface BlobMeta {
  contentType: string;
  /** The name browsers save the object under (possibly Vietnamese). */
  downloadName?: string;
  /**
   * Stored gzip-encoded (Content-Encoding: gzip): a download is still the plain file,
   * which browsers and HTTP clients decode; `get` gives it back plain.
   */
  compress?: boolean;
}

export interface BlobStore extends UrlSigner {
  put(key: string, body: Uint8Array | string, meta: BlobMeta): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Per province-period: the change marker written with each submission and the rollup pointer. */
export interface RollupMarker {
  province: string;
  period: string;
  /** Incremented by every accepted submission. */
  changeSeq: number;
  changedAt: string | null;
  /** changeSeq the visible rollup was computed from (0 when none). */
  rolledSeq: number;
  runId: string | null;
  asOf: string | null;
  /** Keys of the visible rollup's files. */
  files: Record<string, string> | null;
}

export interface RollupStore {
  /** All markers of a province: one Query. */
  markers(province: string): Promise<RollupMarker[]>;
  marker(province: string, period: string): Promise<RollupMarker | undefined>;
  /** Moves the pointer (last step of a run). Conditional so an older run never overwrites a newer one. */
  movePointer(next: RollupMarker): Promise<void>;
}

/** The deep check (administrators only): a write and a read back. */
export interface HealthProbe {
  check(): Promise<void>;
}

/** The public check: one read, no write (it answers anonymous callers). Throws when the store does not answer. */
export interface ReadProbe {
  read(): Promise<void>;
}
