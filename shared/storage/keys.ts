/**
 * One table, generic keys (pk, sk). Names are shared by code and infra.
 *
 *   R#{unit}#{period}   V#{000001}          immutable version (full canonical JSON)
 *   R#{unit}#{period}   D#{000001}          document state of that version
 *   R#{unit}#{period}   M#{000001}          that version's history line (who, when, hash, warning count): pages of GET …/versions
 *   P#{prov}#{period}   U#{unit}            latest item + rollup summary (one Query per province-period)
 *   RU#{prov}           P#{period}          change marker and rollup pointer
 *   JOBS#artifacts      {unit}#{period}#{v} artifact job (S3 JSON + .docx still to write)
 *   REGISTRY            CURRENT             the org-unit registry's index (configuration, pieces)
 *   REGISTRY#{gen}      S#{province}        one piece of that registry generation: a province code's units
 *   R#{unit}#{period}   A#{000001}          review action (accept, return, reopen), in order
 *   MSG#{id}            MSG                 outbox message and its status (pending, sent, dead)
 *   OUTBOX#pending      {createdAt}#{id}    pointer to a message still to send
 *   OUTBOX#dead         {createdAt}#{id}    pointer to a message given up on (dead letter)
 *   ARRIVALS#{prov}     {receivedAt}#{unit}#{period}#{v}  a new version, for the province's digest
 *   FORMS               F#{id}#V#{000001}   a form version an administrator added
 *   QUOTA#{principal}   W                   a principal's write quota (token bucket)
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;
/** The table's TTL attribute (epoch seconds): items that carry it are deleted by DynamoDB after that time (the write quota's). */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';

const v6 = (v: number) => String(v).padStart(6, '0');

export const keys = {
  version: (unit: string, period: string, v: number) => ({ pk: `R#${unit}#${period}`, sk: `V#${v6(v)}` }),
  versionPrefix: (unit: string, period: string) => ({ pk: `R#${unit}#${period}`, skPrefix: 'V#' }),
  versionMeta: (unit: string, period: string, v: number) => ({ pk: `R#${unit}#${period}`, sk: `M#${v6(v)}` }),
  versionMetaPrefix: (unit: string, period: string) => ({ pk: `R#${unit}#${period}`, skPrefix: 'M#' }),
  docState: (unit: string, period: string, v: number) => ({ pk: `R#${unit}#${period}`, sk: `D#${v6(v)}` }),
  latest: (province: string, period: string, unit: string) => ({ pk: `P#${province}#${period}`, sk: `U#${unit}` }),
  latestPartition: (province: string, period: string) => `P#${province}#${period}`,
  marker: (province: string, period: string) => ({ pk: `RU#${province}`, sk: `P#${period}` }),
  markerPartition: (province: string) => `RU#${province}`,
  job: (unit: string, period: string, v: number) => ({ pk: 'JOBS#artifacts', sk: `${unit}#${period}#${v6(v)}` }),
  jobsPartition: 'JOBS#artifacts',
  registryCurrent: { pk: 'REGISTRY', sk: 'CURRENT' },
  registryShard: (generation: string, province: string) => ({ pk: `REGISTRY#${generation}`, sk: `S#${province}` }),
  reviewAction: (unit: string, period: string, seq: number) => ({ pk: `R#${unit}#${period}`, sk: `A#${v6(seq)}` }),
  reviewPrefix: (unit: string, period: string) => ({ pk: `R#${unit}#${period}`, skPrefix: 'A#' }),
  message: (id: string) => ({ pk: `MSG#${id}`, sk: 'MSG' }),
  outboxPending: (createdAt: string, id: string) => ({ pk: 'OUTBOX#pending', sk: `${createdAt}#${id}` }),
  outboxPendingPartition: 'OUTBOX#pending',
  outboxDead: (createdAt: string, id: string) => ({ pk: 'OUTBOX#dead', sk: `${createdAt}#${id}` }),
  arrival: (province: string, receivedAt: string, unit: string, period: string, v: number) => ({
    pk: `ARRIVALS#${province}`,
    sk: `${receivedAt}#${unit}#${period}#${v6(v)}`,
  }),
  arrivalsPartition: (province: string) => `ARRIVALS#${province}`,
  form: (id: string, v: number) => ({ pk: 'FORMS', sk: `F#${id}#V#${v6(v)}` }),
  formsPartition: 'FORMS',
  /** `principal` is a digest of the token's subject (a subject is any string). */
  quota: (principal: string) => ({ pk: `QUOTA#${principal}`, sk: 'W' }),
  health: { pk: 'HEALTH', sk: 'probe' },
} as const;

/** S3 layout (docs/architecture.md, "Storage"). */
export const objectKeys = {
  reportJson: (province: string, period: string, unit: string, v: number) => `reports/${province}/${period}/${unit}/v${v}.json`,
  reportDocx: (province: string, period: string, unit: string, v: number) => `reports/${province}/${period}/${unit}/v${v}.docx`,
  rollupPrefix: (province: string, period: string, runId: string) => `rollups/${province}/${period}/${runId}/`,
};
