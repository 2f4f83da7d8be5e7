/**
 * Rollup benchmark. Seeds one province-period with N synthetic but valid reports
 * (N = 1,000 and 10,000; the latest items in the exact format DynamoReportStore writes,
 * with BatchWrite), then measures in the same run:
 *   (a) the bare Query of the partition (ConsistentRead, paginated, item count checked),
 *   (a′) the same items read bare in the parts the rollup reads them in (readSplits: one
 *        part per 250 expected units, at most 8, read at the same time): the run's own
 *        overhead is (c) / (a′), since (c) / (a) also counts the gain of reading in parts,
 *   (b) the rollup's computation alone,
 *   (c) the whole rollup run with summary.json, units.csv and rollup.xlsx written,
 *   (d) the same with bao-cao-tong-hop.docx,
 * The run's own split: read (the Query, with each page valued and totalled while the
 * next is read), compute (the rest of the summary, its JSON and hash) and files (the
 * files built and uploaded, the pointer moved).
 * Rounds of (a)-(d) run back to back (3 after a warm-up): the medians, each with the
 * median of its per-round ratio to (a) (robust to a machine whose load changes between
 * rounds); the growth from 1,000 to 10,000; and the peak memory of a fresh process doing
 * one whole run at each size (a child process, like a Lambda invocation:
 * `process.resourceUsage().maxRSS`). DynamoDB Local and s3rver run in a process of
 * their own, so the measured event loop does only the rollup's work.
 *
 * The reports are made for a form of the national six-area outline (about forty
 * indicators, by level and by field; benchForm).
 *
 * Goal: (c) at most 1.5 times (a) at 1,000 reports and 1.2 times at 10,000, linear
 * growth, peak memory under 512 MB at 10,000.
 *
 *   npm run bench                          (all benchmarks)
 *   node --openssl-legacy-provider --expose-gc --import tsx scripts/bench/rollup.ts [sizes...]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoReportStore, DynamoRollupStore, latestItem } from '../../shared/adapters/dynamo.ts';
import { ensureBucket, ensureTable } from '../../shared/adapters/provision.ts';
import { S3BlobStore } from '../../shared/adapters/s3.ts';
import { deadlineDate, deadlineInstant, isOnTime, parsePeriod, type Period } from '../../shared/periods/period.ts';
import { Registry, type OrgUnit, type RegistryData } from '../../shared/registry/registry.ts';
import type { CellBody, FormSummary, ValueBody } from '../../shared/forms/body.ts';
import { FormDef } from '../../shared/forms/model.ts';
import { computeRollup } from '../../shared/rollup/compute.ts';
import { formKey } from '../../shared/rollup/indicators.ts';
import { rollupRenderers } from '../../shared/rollup/renderers.ts';
import { formSummaryOf, readSplits, RollupService, type RunResult } from '../../shared/rollup/service.ts';
import { keys } from '../../shared/storage/keys.ts';
import type { LatestRecord } from '../../shared/storage/ports.ts';
import { startLocalAws } from '../local/stack.ts';
import { table } from './stats.ts';

const PERIOD = '2021-H1';
const TABLE = 'bench-rollup';
const BUCKET = 'bench-rollup';
const RUNS = 3;

// ---------------------------------------------------------------------------
// Synthetic data: deterministic (a seeded generator), valid, varied.

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = [
  'Đất đai',
  'Tư pháp - Hộ tịch',
  'Xây dựng',
  'Đăng ký kinh doanh',
  'Giao thông vận tải',
  'Lao động - Thương binh và Xã hội',
  'Tài nguyên và Môi trường',
  'Y tế',
  'Giáo dục và Đào tạo',
  'Nông nghiệp và Phát triển nông thôn',
  'Công thương',
  'Văn hóa, Thể thao và Du lịch',
  'Nội vụ',
  'Tài chính',
  'Chứng thực',
];
const NAME_PARTS = [
  'An',
  'Bình',
  'Tân',
  'Mỹ',
  'Long',
  'Phú',
  'Hòa',
  'Thạnh',
  'Hưng',
  'Thuận',
  'Phước',
  'Lợi',
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Trung',
  'Hiệp',
  'Khánh',
  'Vĩnh',
];
const DEPARTMENTS = [
  'Sở Nội vụ',
  'Sở Tư pháp',
  'Sở Xây dựng',
  'Sở Y tế',
  'Sở Tài chính',
  'Sở Công Thương',
  'Sở Giáo dục và Đào tạo',
  'Sở Nông nghiệp và Môi trường',
];

const placeName = (i: number) =>
  `${NAME_PARTS[i % NAME_PARTS.length]} ${NAME_PARTS[Math.floor(i / NAME_PARTS.length) % NAME_PARTS.length]}${i >= 400 ? ` ${Math.floor(i / 400) + 1}` : ''}`;

/** A province whose reporting units are N communes and departments (plus 2% that will not report). */
export function syntheticRegistry(province: string, n: number): { registry: Registry; reporting: OrgUnit[] } {
  const total = n + Math.ceil(n / 50);
  const units: OrgUnit[] = [
    {
      code: province,
      name: `Tỉnh Thử Nghiệm ${province}`,
      kind: 'province',
      parentCode: null,
      validFrom: '2000-01-01',
      validTo: null,
      successorCodes: [],
    },
  ];
  for (let i = 0; i < total; i++) {
    const department = i % 40 === 39;
    units.push({
      code: `${province}${String(i).padStart(6, '0')}`,
      name: department ? `${DEPARTMENTS[i % DEPARTMENTS.length]} (${i})` : `${i % 3 === 0 ? 'Phường' : 'Xã'} ${placeName(i)}`,
      kind: department ? 'department' : 'commune',
      parentCode: province,
      validFrom: '2000-01-01',
      validTo: null,
      successorCodes: [],
    });
  }
  const data: RegistryData = {
    version: `bench-${province}-${n}`,
    hierarchyDate: 'cutoffEnd',
    calendar: { daysOff: [] },
    provinces: [
      {
        code: province,
        reportingRules: [{ kinds: ['commune', 'department'], from: '2000-01-01', to: null }],
        deadline: { workingDaysAfterCutoff: 2, daysOff: [], workingDays: [] },
        readsHistoryOf: [],
      },
    ],
    units,
  };
  const registry = new Registry(data);
  // Every 51st expected unit does not report.
  const reporting = registry
    .expectedUnits(province, parsePeriod(PERIOD)!)
    .filter((_, i) => i % 51 !== 50)
    .slice(0, n);
  return { registry, reporting };
}

/**
 * The form the synthetic reports are made for: the national six-area outline, about forty
 * indicators (counts by level and by field, ratios, percents, yes/no). Generated here
 * while the bundled nq76-six-areas form is not on this branch; same shape and size.
 */
export function benchForm(): FormDef {
  const levels = {
    kind: 'level' as const,
    levels: [
      { key: 'tinh', label: 'Cấp tỉnh', tiers: ['department' as const] },
      { key: 'xa', label: 'Cấp xã', tiers: ['commune' as const] },
    ],
  };
  const byField = { kind: 'list' as const, id: 'field', label: 'Lĩnh vực', list: 'linh-vuc' };
  const areas: [string, string, string[]][] = [
    ['theChe', 'Cải cách thể chế', ['VB_BAN_HANH', 'VB_RA_SOAT', 'VB_SUA_DOI', 'VB_KIEM_TRA']],
    [
      'thuTuc',
      'Cải cách thủ tục hành chính',
      [
        'TTHC_CONG_BO',
        'TTHC_DON_GIAN_HOA',
        'TTHC_PHAN_CAP',
        'HS_TIEP_NHAN',
        'HS_DUNG_HAN',
        'HS_TRE_HAN',
        'HS_DANG_GIAI_QUYET',
        'HS_QUA_HAN',
        'HS_TY_LE_DUNG_HAN',
      ],
    ],
    ['boMay', 'Cải cách tổ chức bộ máy', ['BM_DAU_MOI', 'BM_GIAM_DAU_MOI', 'BM_BIEN_CHE', 'BM_TINH_GIAN']],
    ['congVu', 'Cải cách chế độ công vụ', ['CV_DAO_TAO', 'CV_KY_LUAT', 'CV_TUYEN_DUNG', 'CV_DANH_GIA_TOT']],
    ['taiChinh', 'Cải cách tài chính công', ['TC_DVSN_TU_CHU', 'TC_GIAI_NGAN', 'TC_KE_HOACH_VON', 'TC_TY_LE_GIAI_NGAN']],
    [
      'chinhPhuSo',
      'Xây dựng chính quyền điện tử, chính quyền số',
      ['DVC_TOAN_TRINH', 'DVC_MOT_PHAN', 'HS_TRUC_TUYEN', 'HS_SO_HOA', 'CO_CONG_TT', 'HAI_LONG'],
    ],
    [
      'keHoach',
      'Kết quả thực hiện kế hoạch CCHC',
      ['KH_NHIEM_VU', 'KH_HOAN_THANH', 'KH_TY_LE', 'KT_DON_VI', 'KT_DU_KIEN', 'TT_TIN_BAI', 'TT_HOI_NGHI', 'KT_TAP_THE', 'KT_CA_NHAN'],
    ],
  ];
  const ratio: Record<string, [string, string]> = {
    HS_TY_LE_DUNG_HAN: ['HS_DUNG_HAN', 'HS_TIEP_NHAN'],
    TC_TY_LE_GIAI_NGAN: ['TC_GIAI_NGAN', 'TC_KE_HOACH_VON'],
    KH_TY_LE: ['KH_HOAN_THANH', 'KH_NHIEM_VU'],
  };
  const indicators = areas.flatMap(([, , codes]) =>
    codes.map((code) => {
      const label = `Chỉ tiêu ${code.toLowerCase().replace(/_/g, ' ')}`;
      if (ratio[code])
        return {
          code,
          label,
          type: 'percent' as const,
          unit: '%',
          aggregate: { kind: 'ratio' as const, numerator: ratio[code]![0], denominator: ratio[code]![1] },
        };
      if (code === 'CO_CONG_TT') return { code, label, type: 'boolean' as const, aggregate: { kind: 'countYes' as const } };
      if (code === 'HAI_LONG') return { code, label, type: 'percent' as const, unit: '%', aggregate: { kind: 'min' as const } };
      const breakdowns = code.startsWith('HS_') ? [levels, ...(code === 'HS_TRE_HAN' || code === 'HS_QUA_HAN' ? [byField] : [])] : [];
      return { code, label, type: 'count' as const, unit: 'đơn vị', breakdowns, aggregate: { kind: 'sum' as const } };
    }),
  );
  return FormDef.parse({
    id: 'bench-six-areas',
    version: 1,
    title: 'Báo cáo CCHC theo sáu nội dung (benchmark)',
    appliesTo: {
      provinces: [],
      tiers: ['commune', 'department'],
      periodKinds: ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'Y'],
      validFrom: '2000-01-01',
      validTo: null,
    },
    document: { summaryTemplate: 'Công tác cải cách hành chính {period}', defaultSymbol: 'BC-UBND' },
    lists: [{ id: 'linh-vuc', label: 'Lĩnh vực', options: FIELDS.map((label, i) => ({ key: `lv-${i + 1}`, label })) }],
    outline: [
      ...areas.map(([id, title, codes]) => ({ id, numbering: 'upper-roman', title, indicators: codes })),
      { id: 'uuDiem', numbering: 'upper-roman', title: 'Ưu điểm', blocks: ['paragraphs'], compile: 'strengths' },
      { id: 'hanChe', numbering: 'upper-roman', title: 'Hạn chế', blocks: ['paragraphs'], compile: 'weaknesses' },
      { id: 'deXuat', numbering: 'upper-roman', title: 'Đề xuất, kiến nghị', blocks: ['items'], compile: 'recommendations' },
    ],
    indicators,
  });
}

/** One unit's FormSummary for the form: every indicator given, levels by the unit's tier, fields, words and a few warnings. */
function syntheticSummary(form: FormDef, unit: OrgUnit, rnd: () => number): FormSummary {
  const int = (max: number) => Math.floor(rnd() * (max + 1));
  const values: Record<string, ValueBody> = {};
  for (const d of form.indicators) {
    if (d.aggregate.kind === 'ratio') continue;
    if (d.type === 'boolean') values[d.code] = { value: rnd() < 0.7 };
    else if (d.type === 'percent') values[d.code] = { value: Math.round(6000 + rnd() * 4000) / 100 };
    else {
      const level = d.breakdowns.find((b) => b.kind === 'level');
      const list = d.breakdowns.find((b) => b.kind === 'list');
      const cell = (max: number): CellBody => {
        const value = int(max);
        if (!list || value === 0) return { value };
        const rows: { key: string; value: number }[] = [];
        let left = value;
        for (let j = 0, k = 1 + int(2); j < k && left > 0; j++) {
          const v = j === k - 1 ? left : int(left);
          rows.push({ key: `lv-${1 + int(FIELDS.length - 1)}`, value: v });
          left -= v;
        }
        return { value, breakdown: { [list.id]: rows } };
      };
      if (level && level.kind === 'level') {
        const levels: Record<string, CellBody> = {};
        for (const l of level.levels) if (!l.tiers || (l.tiers as string[]).includes(unit.kind)) levels[l.key] = cell(3000);
        values[d.code] = { levels };
      } else values[d.code] = cell(50);
    }
  }
  for (const d of form.indicators)
    if (d.aggregate.kind === 'ratio') {
      const n = values[d.aggregate.numerator]?.value;
      const dn = values[d.aggregate.denominator]?.value;
      if (typeof n === 'number' && typeof dn === 'number' && dn > 0)
        values[d.code] = { value: Math.round((10000 * Math.min(n, dn)) / dn) / 100 };
    }
  const warnings =
    rnd() < 0.33
      ? Array.from({ length: 1 + int(2) }, (_, i) => ({
          path: `$.sections.theChe.paragraphs[${i}]`,
          code: 'DOC_DATED_AFTER_REPORT',
          params: { number: `${100 + i}/KH-UBND`, date: '22/12/2021', reportDate: '06/2021' },
        }))
      : [];
  return {
    form: { id: form.id, version: form.version },
    values,
    compiled: [
      {
        sectionId: 'hanChe',
        compileAs: 'weaknesses',
        title: 'Hạn chế',
        texts: [`Tỷ lệ hồ sơ trực tuyến của ${unit.name} còn thấp so với chỉ tiêu.`],
      },
      {
        sectionId: 'deXuat',
        compileAs: 'recommendations',
        title: 'Đề xuất, kiến nghị',
        texts: [`Đề nghị hỗ trợ ${unit.name} số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.`],
      },
    ],
    warnings,
    warningCount: warnings.length,
  };
}

/** N latest records as ReportService would have stored them. */
export function syntheticRecords(province: string, reporting: readonly OrgUnit[], period: Period, form: FormDef): LatestRecord[] {
  const rnd = prng(20210614 + reporting.length);
  const deadline = deadlineInstant(period).getTime();
  return reporting.map((unit, i) => {
    const summary = syntheticSummary(form, unit, rnd);
    const first = new Date(deadline - 20 * 86_400_000 + Math.floor(rnd() * 24 * 86_400_000));
    const amended = rnd() < 0.25;
    const received = amended ? new Date(first.getTime() + Math.floor(rnd() * 5 * 86_400_000)) : first;
    const version = amended ? 2 : 1;
    const docxKey = `reports/${province}/${period.id}/${unit.code}/v${version}.docx`;
    return {
      unit: unit.code,
      period: period.id,
      province,
      version,
      hash: createHash('sha256').update(`${unit.code}|${version}|${i}`).digest('hex'),
      receivedAt: received.toISOString(),
      firstReceivedAt: first.toISOString(),
      onTime: isOnTime(first, period),
      summary: summary as never,
      document: {
        state: 'ready',
        key: docxKey,
        size: 20_000 + Math.floor(rnd() * 5_000),
        fileName: `BC-CCHC-${unit.code}-${period.id}-v${version}.docx`,
        updatedAt: received.toISOString(),
      },
    } satisfies LatestRecord;
  });
}

// ---------------------------------------------------------------------------
// Storage.

interface Env {
  dynamoPort: number;
  s3Port: number;
}

function clients(env: Env) {
  const common = { region: 'ap-southeast-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  const raw = new DynamoDBClient({ ...common, endpoint: `http://127.0.0.1:${env.dynamoPort}`, maxAttempts: 4 });
  const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({
    ...common,
    endpoint: `http://127.0.0.1:${env.s3Port}`,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { raw, ddb, s3 };
}

/** BatchWrite, 25 items a request, 8 requests in flight, unprocessed items retried. */
async function batchWrite(ddb: DynamoDBDocumentClient, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length; attempt++) {
        const r = await ddb.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
        requests = (r.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
        if (requests.length) await new Promise((res) => setTimeout(res, 20 * 2 ** Math.min(attempt, 6)));
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function seed(ddb: DynamoDBDocumentClient, province: string, records: LatestRecord[]): Promise<void> {
  await batchWrite(ddb, records.map(latestItem));
  // The change marker, as the submissions' transactions would have left it.
  const changes = records.reduce((a, r) => a + r.version, 0);
  await ddb.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: keys.marker(province, PERIOD),
      UpdateExpression: 'SET changedAt = :now, province = :prov, #p = :period ADD changeSeq :n',
      ExpressionAttributeNames: { '#p': 'period' },
      ExpressionAttributeValues: { ':now': records.at(-1)!.receivedAt, ':n': changes, ':prov': province, ':period': PERIOD },
    }),
  );
}

/** One Query of the partition, paginated: the items' sort keys (the range [from, to) of the sort key when given). */
async function queryRange(ddb: DynamoDBDocumentClient, province: string, from?: string, to?: string): Promise<string[]> {
  const range = from && to ? ' AND sk BETWEEN :from AND :to' : from ? ' AND sk >= :from' : to ? ' AND sk < :to' : '';
  const sks: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: `pk = :pk${range}`,
        ExpressionAttributeValues: {
          ':pk': keys.latestPartition(province, PERIOD),
          ...(from ? { ':from': from } : {}),
          ...(to ? { ':to': to } : {}),
        },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) if (item.sk !== to) sks.push(item.sk as string);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return sks;
}

/** (a): the bare Query of the partition. */
async function bareQuery(ddb: DynamoDBDocumentClient, province: string, expected: number): Promise<number> {
  const count = (await queryRange(ddb, province)).length;
  if (count !== expected) throw new Error(`Query returned ${count} items, expected ${expected}`);
  return count;
}

/** (a′): the same items read bare in the parts the rollup reads them in (readSplits), at the same time. */
async function bareParts(ddb: DynamoDBDocumentClient, province: string, splitAt: readonly string[], expected: number): Promise<number> {
  const bounds = splitAt.map((u) => keys.latest(province, PERIOD, u).sk).sort();
  const parts = await Promise.all(Array.from({ length: bounds.length + 1 }, (_, i) => queryRange(ddb, province, bounds[i - 1], bounds[i])));
  const count = parts.reduce((a, p) => a + p.length, 0);
  if (count !== expected) throw new Error(`the parts returned ${count} items, expected ${expected}`);
  return count;
}

// ---------------------------------------------------------------------------
// Measuring.

const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall-clock and CPU milliseconds of this process (the CPU time is less disturbed by a busy machine). */
async function timed(fn: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> {
  gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function services(env: Env, registry: Registry, form: FormDef) {
  const { ddb, s3 } = clients(env);
  const deps = {
    reports: new DynamoReportStore(ddb, TABLE),
    rollups: new DynamoRollupStore(ddb, TABLE),
    blobs: new S3BlobStore(s3, BUCKET),
    registry: async () => registry,
    forms: async (ref: { id: string; version: number }) => (formKey(ref) === formKey(form) ? form : undefined),
    renderers: rollupRenderers,
  };
  return { deps, withoutDocx: new RollupService({ ...deps, docx: false }), withDocx: new RollupService({ ...deps, docx: true }) };
}

const self = fileURLToPath(import.meta.url);
const nodeArgs = ['--openssl-legacy-provider', '--import', 'tsx', self];

/**
 * The local AWS stand-ins in a process of their own. DynamoDB Local is a Java process
 * anyway; s3rver would otherwise run on the measured event loop, charging the rollup
 * for the S3 server's work (receiving, hashing, writing the files), which in AWS is
 * S3's, not the Lambda's.
 */
async function stackProcess(): Promise<{ env: Env; stop: () => Promise<void> }> {
  const p = spawn(process.execPath, [...nodeArgs, '--stack'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const env = await new Promise<Env>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    p.once('exit', (code) => reject(new Error(`local stack exited with ${code}`)));
  });
  return {
    env,
    stop: () =>
      new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.stdin!.end();
      }),
  };
}

/** Stack mode: start the stand-ins, print their ports, stop when stdin closes. */
async function stackMain(): Promise<void> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'cchc-bench-rollup-s3-'));
  const aws = await startLocalAws({ s3Dir });
  console.log(JSON.stringify({ dynamoPort: aws.dynamoPort, s3Port: aws.s3Port }));
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await aws.stop();
    rmSync(s3Dir, { recursive: true, force: true });
    process.exit(0);
  });
}

interface Memory {
  maxRss: number;
  baseline: number;
  heapPeak: number;
}

/** Child mode: one whole run in a fresh process, like a Lambda invocation; prints its peak memory. */
async function childMain(args: string[]): Promise<void> {
  const [dynamoPort, s3Port, province, n, docx] = args;
  const { registry } = syntheticRegistry(province!, Number(n));
  const { withDocx, withoutDocx } = services({ dynamoPort: Number(dynamoPort), s3Port: Number(s3Port) }, registry, benchForm());
  const baseline = process.memoryUsage().rss;
  let heapPeak = 0;
  const timer = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
  await (docx === '1' ? withDocx : withoutDocx).run(province!, PERIOD);
  clearInterval(timer);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  console.log(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, baseline, heapPeak } satisfies Memory));
}

function runChild(env: Env, province: string, n: number, docx: boolean): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [...nodeArgs, '--child', String(env.dynamoPort), String(env.s3Port), province, String(n), docx ? '1' : '0'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`child run exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!));
      } catch (e) {
        reject(e);
      }
    });
  });
}

interface Row {
  n: number;
  query: number;
  /** (a′) and its number of parts. */
  queryParts: number;
  parts: number;
  compute: number;
  run: number;
  runDocx: number;
  /** Medians of the per-round ratios (each round measures (a) to (d) back to back). */
  ratio: { compute: number; run: number; runDocx: number; parts: number; runToParts: number };
  /** CPU time of this process: (a) and (c). */
  cpu: { query: number; run: number };
  steps: { read: number; compute: number; files: number };
  mem: Memory;
  memDocx: Memory;
}

const s = (ms: number) => (ms >= 100 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const x = (v: number) => `${v.toFixed(2)}×`;
const mb = (b: number) => `${Math.round(b / 1_048_576)} MB`;

async function measure(env: Env, ddb: DynamoDBDocumentClient, province: string, n: number, rounds: number): Promise<Row> {
  const { registry, reporting } = syntheticRegistry(province, n);
  const period = parsePeriod(PERIOD)!;
  const form = benchForm();
  await seed(ddb, province, syntheticRecords(province, reporting, period, form));
  const { deps, withoutDocx, withDocx } = services(env, registry, form);
  const latest = (await deps.reports.latestForProvincePeriod(province, PERIOD)).map((r) => ({ ...r, summary: formSummaryOf(r.summary) }));
  const forms = new Map([[formKey(form), form]]);
  const compute = () =>
    computeRollup({
      province: { code: province, name: registry.unit(province)!.name },
      period,
      deadline: deadlineDate(period, registry.deadlinePolicy(province)),
      registryVersion: registry.version,
      changeSeq: 1,
      expected: registry.expectedUnits(province, period),
      unit: (c) => registry.unit(c),
      latest,
      forms,
      previous: null,
    });
  const splits = readSplits(registry.expectedUnits(province, period));
  const a: number[] = [];
  const a2: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const d: number[] = [];
  const cpuA: number[] = [];
  const cpuC: number[] = [];
  const steps: RunResult['timings'][] = [];
  // A warm-up round (JIT, connections), then rounds of (a), (b), (c), (d) back to back, so
  // that each ratio compares runs made under the same conditions.
  for (let round = 0; round <= rounds; round++) {
    const ta = await timed(() => bareQuery(ddb, province, n));
    const ta2 = await timed(() => bareParts(ddb, province, splits, n));
    const tb = await timed(compute);
    let timings: RunResult['timings'] | undefined;
    const tc = await timed(async () => (timings = (await withoutDocx.run(province, PERIOD)).timings));
    const td = await timed(() => withDocx.run(province, PERIOD));
    if (round === 0) continue;
    a.push(ta.wall);
    a2.push(ta2.wall);
    b.push(tb.wall);
    c.push(tc.wall);
    d.push(td.wall);
    cpuA.push(ta.cpu);
    cpuC.push(tc.cpu);
    steps.push(timings!);
  }
  const mid = [...steps].sort((p, q) => p.total - q.total)[Math.floor(steps.length / 2)]!;
  return {
    n,
    query: median(a),
    queryParts: median(a2),
    parts: splits.length + 1,
    compute: median(b),
    run: median(c),
    runDocx: median(d),
    ratio: {
      compute: median(b.map((v, i) => v / a[i]!)),
      run: median(c.map((v, i) => v / a[i]!)),
      runDocx: median(d.map((v, i) => v / a[i]!)),
      parts: median(a2.map((v, i) => v / a[i]!)),
      runToParts: median(c.map((v, i) => v / a2[i]!)),
    },
    cpu: { query: median(cpuA), run: median(cpuC) },
    steps: { read: mid.read, compute: mid.compute, files: mid.files },
    mem: await runChild(env, province, n, false),
    memDocx: await runChild(env, province, n, true),
  };
}

export async function benchRollup(sizes: number[] = [1_000, 10_000], rounds = RUNS): Promise<string> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stack = await stackProcess();
  const { raw, ddb, s3 } = clients(stack.env);
  const rows: Row[] = [];
  try {
    await ensureTable(raw, TABLE);
    await ensureBucket(s3, BUCKET);
    for (const [i, n] of sizes.entries()) rows.push(await measure(stack.env, ddb, String(90 + i), n, rounds));
  } finally {
    raw.destroy();
    s3.destroy();
    await stack.stop();
  }

  const out: (string | number)[][] = [
    [
      'reports',
      '(a) Query',
      "(a') Query in parts",
      '(b) compute',
      '(c) run, no .docx',
      "(c) / (a')",
      '(d) run with .docx',
      '(c) = read + compute + files',
      'CPU (a) / (c)',
      'peak RSS (c) / (d)',
      'heap peak (c) / (d)',
    ],
  ];
  for (const r of rows)
    out.push([
      r.n.toLocaleString('en'),
      s(r.query),
      `${s(r.queryParts)} (${r.parts} parts, ${x(r.ratio.parts)})`,
      `${s(r.compute)} (${x(r.ratio.compute)})`,
      `${s(r.run)} (${x(r.ratio.run)})`,
      x(r.ratio.runToParts),
      `${s(r.runDocx)} (${x(r.ratio.runDocx)})`,
      `${s(r.steps.read)} + ${s(r.steps.compute)} + ${s(r.steps.files)}`,
      `${s(r.cpu.query)} / ${s(r.cpu.run)}`,
      `${mb(r.mem.maxRss)} / ${mb(r.memDocx.maxRss)}`,
      `${mb(r.mem.heapPeak)} / ${mb(r.memDocx.heapPeak)}`,
    ]);
  const lines = [
    `Rollup of one province-period: DynamoDB Local (in memory) and s3rver in their own processes; ${rounds} rounds of (a)-(d) after a warm-up, medians; (×) the median of each round's ratio to (a). Peak memory: a fresh process doing one run.`,
    table(out),
  ];
  const small = rows[0];
  const big = rows.at(-1);
  if (small && big && big !== small) {
    const f = big.n / small.n;
    const g = (p: number, q: number) => `${x(q / p)} (${x(q / p / f)} of linear)`;
    lines.push(
      `Growth ${small.n.toLocaleString('en')} → ${big.n.toLocaleString('en')} (${f}× the reports): (a) ${g(small.query, big.query)}, (b) ${g(small.compute, big.compute)}, (c) ${g(small.run, big.run)}, (d) ${g(small.runDocx, big.runDocx)}`,
    );
  }
  if (big) {
    const ok = (v: boolean) => (v ? 'met' : 'NOT met');
    const goal = (r: Row) => (r.n >= 10_000 ? 1.2 : 1.5);
    const verdicts = rows
      .map((r) => `${r.n.toLocaleString('en')}: ${x(r.ratio.run)} ≤ ${goal(r)}× ${ok(r.ratio.run <= goal(r))}`)
      .join(', ');
    lines.push(
      `Goals: (c) ≤ 1.5 × (a) at 1,000 and ≤ 1.2 × (a) at 10,000: ${verdicts}; the same bounds against (a′): ${rows
        .map((r) => `${r.n.toLocaleString('en')}: ${x(r.ratio.runToParts)} ${ok(r.ratio.runToParts <= goal(r))}`)
        .join(', ')}; peak RSS < 512 MB at ${big.n.toLocaleString('en')}: ${ok(big.mem.maxRss < 512 * 1_048_576)} (${mb(
        big.mem.maxRss,
      )}, of which ${mb(big.mem.baseline)} is the process before the run; with .docx ${mb(big.memDocx.maxRss)})`,
    );
  }
  return lines.join('\n');
}

if (process.argv[2] === '--child') {
  await childMain(process.argv.slice(3));
} else if (process.argv[2] === '--stack') {
  await stackMain();
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((v) => v > 0);
  console.log(await benchRollup(sizes.length ? sizes : undefined));
}
