/**
 * In-memory fakes of the storage ports (shared/storage/ports.ts) and of the registry
 * store, for fast domain tests that need no Java (`npm run test:unit`). They keep the
 * adapters' contracts that the use cases rely on: records are copied in and out (as a
 * round trip through DynamoDB would), commitVersion is all-or-nothing and conditional
 * on the expected version (ConcurrentWriteError otherwise) and bumps the province-period
 * change marker, movePointer never moves a pointer back. The real adapters are tested
 * against DynamoDB Local and s3rver by the full suite.
 */
import { ConcurrentWriteError } from '../../shared/errors/errors.ts';
import type { Arrival, OutboxMessage } from '../../shared/notify/outbox.ts';
import type { ReviewAction } from '../../shared/review/model.ts';
import type { RegistryData } from '../../shared/registry/registry.ts';
import type {
  ArtifactJob,
  BlobMeta,
  BlobStore,
  DocumentState,
  LatestReadOptions,
  LatestRecord,
  ReportStore,
  RollupMarker,
  RollupStore,
  VersionMeta,
  VersionRecord,
} from '../../shared/storage/ports.ts';

const copy = <T>(v: T): T => structuredClone(v);
const k = (...parts: (string | number)[]) => parts.join('|');

/** The state the fakes share, as the adapters share one table and one bucket. */
export class MemoryTable {
  readonly versions = new Map<string, VersionRecord>();
  readonly latest = new Map<string, LatestRecord>();
  readonly documents = new Map<string, DocumentState>();
  readonly jobs = new Map<string, ArtifactJob>();
  readonly markers = new Map<string, RollupMarker>();
  readonly reviews = new Map<string, ReviewAction>();
  readonly messages = new Map<string, OutboxMessage>();
  readonly arrivals: Arrival[] = [];
  registry: RegistryData | undefined;
  /** Every write, in order (tests check that a refusal wrote nothing). */
  readonly writes: string[] = [];
}

export class MemoryReportStore implements ReportStore {
  constructor(readonly t: MemoryTable = new MemoryTable()) {}

  async getLatest(province: string, unit: string, period: string): Promise<LatestRecord | undefined> {
    const r = this.t.latest.get(k(province, period, unit));
    return r && copy(r);
  }

  async getVersion(unit: string, period: string, version: number): Promise<VersionRecord | undefined> {
    const r = this.t.versions.get(k(unit, period, version));
    return r && copy(r);
  }

  async listVersions(unit: string, period: string, page: { below?: number; limit: number }): Promise<VersionMeta[]> {
    return [...this.t.versions.values()]
      .filter((v) => v.unit === unit && v.period === period && (page.below === undefined || v.version < page.below))
      .sort((a, b) => b.version - a.version)
      .slice(0, page.limit)
      .map(({ content: _c, facts: _f, warnings, warningCount, ...meta }) =>
        copy({ ...meta, warningCount: warningCount ?? warnings.length }),
      );
  }

  async commitVersion(version: VersionRecord, latest: LatestRecord, expectedVersion: number | null, arrival?: Arrival): Promise<void> {
    const latestKey = k(latest.province, latest.period, latest.unit);
    const current = this.t.latest.get(latestKey);
    const versionKey = k(version.unit, version.period, version.version);
    // The transaction's conditions, checked before anything is written.
    if (this.t.versions.has(versionKey)) throw new ConcurrentWriteError();
    if (expectedVersion === null ? current !== undefined : current?.version !== expectedVersion) throw new ConcurrentWriteError();
    if (current && (current.review?.seq ?? 0) !== (latest.review?.seq ?? 0)) throw new ConcurrentWriteError();
    if (arrival) this.t.arrivals.push(copy(arrival));
    this.t.versions.set(versionKey, copy(version));
    this.t.latest.set(latestKey, copy(latest));
    this.t.documents.set(versionKey, copy(latest.document));
    this.t.jobs.set(versionKey, {
      unit: version.unit,
      period: version.period,
      province: version.province,
      version: version.version,
      attempts: 0,
      createdAt: version.receivedAt,
    });
    const markerKey = k(version.province, version.period);
    const m = this.t.markers.get(markerKey);
    this.t.markers.set(markerKey, {
      province: version.province,
      period: version.period,
      changeSeq: (m?.changeSeq ?? 0) + 1,
      changedAt: version.receivedAt,
      rolledSeq: m?.rolledSeq ?? 0,
      runId: m?.runId ?? null,
      asOf: m?.asOf ?? null,
      files: m?.files ?? null,
    });
    this.t.writes.push(`version ${versionKey}`);
  }

  async commitReview(
    latest: LatestRecord,
    action: ReviewAction,
    messages: OutboxMessage[],
    expected: { version: number; seq: number },
  ): Promise<void> {
    const latestKey = k(latest.province, latest.period, latest.unit);
    const current = this.t.latest.get(latestKey);
    const actionKey = k(action.unit, action.period, action.seq);
    if (!current || current.version !== expected.version || (current.review?.seq ?? 0) !== expected.seq || this.t.reviews.has(actionKey))
      throw new ConcurrentWriteError();
    if (messages.some((m) => this.t.messages.has(m.id))) throw new ConcurrentWriteError();
    current.review = copy(latest.review);
    this.t.reviews.set(actionKey, copy(action));
    for (const m of messages) this.t.messages.set(m.id, copy(m));
    this.t.writes.push(`review ${actionKey}`);
  }

  async listReviewActions(unit: string, period: string): Promise<ReviewAction[]> {
    return [...this.t.reviews.values()]
      .filter((a) => a.unit === unit && a.period === period)
      .sort((a, b) => a.seq - b.seq)
      .map(copy);
  }

  async latestForProvincePeriod(province: string, period: string): Promise<LatestRecord[]> {
    return [...this.t.latest.values()].filter((r) => r.province === province && r.period === period).map(copy);
  }

  /**
   * Pages of three, in unit order, as a paginated Query would give them; split at
   * `splitAt`, the parts' pages come interleaved (the last part first), as parts read
   * at the same time may arrive.
   */
  async *latestPagesForProvincePeriod(province: string, period: string, options: LatestReadOptions = {}): AsyncGenerator<LatestRecord[]> {
    const all = (await this.latestForProvincePeriod(province, period)).sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
    const bounds = [...new Set(options.splitAt ?? [])].sort();
    const parts = Array.from({ length: bounds.length + 1 }, (_, i) =>
      all.filter((r) => (i === 0 || r.unit >= bounds[i - 1]!) && (i === bounds.length || r.unit < bounds[i]!)),
    ).reverse();
    for (let at = 0; parts.some((p) => p.length > at); at += 3) for (const p of parts) if (p.length > at) yield p.slice(at, at + 3);
  }

  async getDocumentState(unit: string, period: string, version: number): Promise<DocumentState | undefined> {
    const s = this.t.documents.get(k(unit, period, version));
    return s && copy(s);
  }

  async setDocumentState(job: ArtifactJob, state: DocumentState, done: boolean): Promise<void> {
    const key = k(job.unit, job.period, job.version);
    this.t.documents.set(key, copy(state));
    const latest = this.t.latest.get(k(job.province, job.period, job.unit));
    if (latest?.version === job.version) latest.document = copy(state);
    if (done) this.t.jobs.delete(key);
    else {
      const j = this.t.jobs.get(key);
      if (j) j.attempts = job.attempts + 1;
    }
    this.t.writes.push(`document ${key} ${state.state}`);
  }

  async pendingArtifactJobs(limit: number): Promise<ArtifactJob[]> {
    return [...this.t.jobs.values()].slice(0, limit).map(copy);
  }
}

export class MemoryRollupStore implements RollupStore {
  constructor(readonly t: MemoryTable = new MemoryTable()) {}

  async markers(province: string): Promise<RollupMarker[]> {
    return [...this.t.markers.values()].filter((m) => m.province === province).map(copy);
  }

  async marker(province: string, period: string): Promise<RollupMarker | undefined> {
    const m = this.t.markers.get(k(province, period));
    return m && copy(m);
  }

  async movePointer(next: RollupMarker): Promise<void> {
    const key = k(next.province, next.period);
    const m = this.t.markers.get(key);
    if (m && m.rolledSeq > next.rolledSeq) throw new ConcurrentWriteError();
    // Only the pointer's fields: changeSeq and changedAt belong to the submissions.
    this.t.markers.set(key, {
      province: next.province,
      period: next.period,
      changeSeq: m?.changeSeq ?? 0,
      changedAt: m?.changedAt ?? null,
      rolledSeq: next.rolledSeq,
      runId: next.runId,
      asOf: next.asOf,
      files: copy(next.files),
    });
    this.t.writes.push(`pointer ${key} ${next.runId}`);
  }
}

export interface StoredBlob {
  /** As given (the store keeps a compressed object's plain bytes; `compressed` says it was asked to compress). */
  body: Uint8Array;
  contentType: string;
  downloadName?: string;
  compressed?: boolean;
}

export class MemoryBlobStore implements BlobStore {
  readonly objects = new Map<string, StoredBlob>();
  /** Keys whose put fails (fault injection). */
  readonly failing = new Set<string>();

  async put(key: string, body: Uint8Array | string, { contentType, downloadName, compress }: BlobMeta): Promise<void> {
    if ([...this.failing].some((f) => key.includes(f))) throw new Error(`injected failure writing ${key}`);
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    this.objects.set(key, {
      body: bytes,
      contentType,
      ...(downloadName ? { downloadName } : {}),
      ...(compress ? { compressed: true } : {}),
    });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const o = this.objects.get(key);
    return o && new Uint8Array(o.body);
  }

  async presignGet(key: string, expiresInSeconds: number, fileName?: string): Promise<string> {
    const q = new URLSearchParams({ expires: String(expiresInSeconds), ...(fileName ? { name: fileName } : {}) });
    return `memory://blobs/${encodeURIComponent(key)}?${q}`;
  }
}

/** The registry store (DynamoRegistryStore's load and save). */
export class MemoryRegistryStore {
  constructor(readonly t: MemoryTable = new MemoryTable()) {}

  async load(): Promise<RegistryData | undefined> {
    return this.t.registry && copy(this.t.registry);
  }

  async save(data: RegistryData): Promise<void> {
    this.t.registry = copy(data);
    this.t.writes.push(`registry ${data.version}`);
  }
}

/** One table's worth of fakes, sharing state as the adapters share the table and bucket. */
export function memoryStorage() {
  const table = new MemoryTable();
  return {
    table,
    reports: new MemoryReportStore(table),
    rollups: new MemoryRollupStore(table),
    blobs: new MemoryBlobStore(),
    registry: new MemoryRegistryStore(table),
  };
}
