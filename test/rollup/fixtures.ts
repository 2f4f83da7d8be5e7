/**
 * Fixtures for the rollup tests: forms (FormDef, checked by the form model's schema) and
 * the per-unit FormSummary a latest item keeps. The seed's facts (Huyện Hồng Ngự,
 * 2021-H1) are written as a FormSummary of a form shaped like Đồng Tháp's 2021 outline;
 * a six-area form in two versions stands for the national outline after 2025.
 */
import { deadlineDate, parsePeriod, type Period } from '../../shared/periods/period.ts';
import type { FormSummary, ValueBody } from '../../shared/forms/body.ts';
import { FormDef, type FormInput } from '../../shared/forms/model.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { parseRegistry, type Registry } from '../../shared/registry/registry.ts';
import type { RollupInput, RollupRecord } from '../../shared/rollup/compute.ts';
import { formKey } from '../../shared/rollup/indicators.ts';

const applies = (tiers: ('district' | 'commune' | 'department')[], provinces: string[], from: string, to: string | null) => ({
  provinces,
  tiers,
  periodKinds: ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'Y'] as ('Q1' | 'Q2' | 'Q3' | 'Q4' | 'H1' | 'Y')[],
  validFrom: from,
  validTo: to,
});
/** A form's "Lĩnh vực" list (what breakdowns by field choose from), from [key, label] pairs. */
export const fieldList = (options: [string, string][], id = 'linh-vuc') => ({
  id,
  label: 'Lĩnh vực',
  options: options.map(([key, label]) => ({ key, label })),
});
const documentSettings = { summaryTemplate: 'Công tác cải cách hành chính {period}', defaultSymbol: 'BC-UBND' };

/** A district form after the seed's outline (Đồng Tháp, 2021). */
export const seedForm: FormDef = FormDef.parse({
  id: 'dt-test',
  version: 1,
  title: 'Báo cáo CCHC cấp huyện (thử)',
  appliesTo: applies(['district'], ['87'], '2021-01-01', '2025-06-30'),
  document: documentSettings,
  lists: [
    fieldList([
      ['dat-dai', 'Đất đai'],
      ['tu-phap', 'Tư pháp'],
      ['xay-dung', 'Xây dựng'],
    ]),
  ],
  outline: [
    { id: 'direction', numbering: 'upper-roman', title: 'Công tác chỉ đạo, điều hành CCHC', indicators: ['KT_TAP_THE', 'KT_CA_NHAN'] },
    { id: 'inspection', numbering: 'upper-roman', title: 'Công tác kiểm tra CCHC', indicators: ['KIEM_TRA', 'DU_KIEN_KT'] },
    {
      id: 'communication',
      numbering: 'upper-roman',
      title: 'Công tác tuyên truyền CCHC',
      indicators: ['TIN_BAI_TINH', 'TIN_BAI_DV', 'PHAT_THANH'],
    },
    {
      id: 'difficulties',
      numbering: 'upper-roman',
      title: 'Những khó khăn, vướng mắc',
      blocks: ['paragraphs'],
      indicators: ['HS_TRE_HAN'],
      compile: 'difficulties',
    },
    { id: 'proposals', numbering: 'upper-roman', title: 'Kiến nghị, đề xuất', blocks: ['items'], compile: 'recommendations' },
  ],
  indicators: [
    { code: 'KT_TAP_THE', label: 'Số tập thể được khen thưởng', type: 'count', unit: 'tập thể', aggregate: { kind: 'sum' } },
    { code: 'KT_CA_NHAN', label: 'Số cá nhân được khen thưởng', type: 'count', unit: 'cá nhân', aggregate: { kind: 'sum' } },
    {
      code: 'KIEM_TRA',
      label: 'Số cơ quan, đơn vị đã kiểm tra CCHC',
      type: 'count',
      unit: 'đơn vị',
      qualifier: { label: 'Loại đơn vị' },
      aggregate: { kind: 'sum' },
    },
    {
      code: 'DU_KIEN_KT',
      label: 'Số cơ quan, đơn vị dự kiến kiểm tra',
      type: 'count',
      unit: 'đơn vị',
      qualifier: { label: 'Loại đơn vị' },
      aggregate: { kind: 'sum' },
    },
    { code: 'TIN_BAI_TINH', label: 'Tin, bài đăng trên Trang tin CCHC Tỉnh', type: 'count', unit: 'tin, bài', aggregate: { kind: 'sum' } },
    { code: 'TIN_BAI_DV', label: 'Tin, bài đăng trên trang của đơn vị', type: 'count', unit: 'tin, bài', aggregate: { kind: 'sum' } },
    { code: 'PHAT_THANH', label: 'Duy trì chuyên mục CCHC trên sóng phát thanh', type: 'boolean', aggregate: { kind: 'countYes' } },
    {
      code: 'HS_TRE_HAN',
      label: 'Số hồ sơ trễ hạn',
      shortLabel: 'Hồ sơ trễ hạn',
      type: 'count',
      unit: 'hồ sơ',
      breakdowns: [
        {
          kind: 'level',
          levels: [
            { key: 'huyen', label: 'Cấp huyện' },
            { key: 'xa', label: 'Cấp xã' },
          ],
        },
        { kind: 'list', id: 'field', label: 'Lĩnh vực', list: 'linh-vuc', levels: ['huyen'] },
        { kind: 'subunit', id: 'commune', label: 'Xã, thị trấn', levels: ['xa'] },
      ],
      aggregate: { kind: 'sum' },
    },
  ],
} satisfies FormInput);

/** The six-area national outline, version 2 (current) and 1 (older: no online services, no satisfaction). */
function sixArea(version: 1 | 2): FormDef {
  const v2 = version === 2;
  return FormDef.parse({
    id: 'six-area-test',
    version,
    title: 'Báo cáo CCHC theo sáu nội dung (thử)',
    appliesTo: applies(['commune', 'department'], [], v2 ? '2026-01-01' : '2025-07-01', v2 ? null : '2025-12-31'),
    document: documentSettings,
    lists: [
      fieldList([
        ['dat-dai', 'Đất đai'],
        ['ho-tich', 'Hộ tịch'],
      ]),
    ],
    outline: [
      { id: 'plan', numbering: 'upper-roman', title: 'Kế hoạch CCHC', indicators: ['NV_HOAN_THANH', 'NV_TONG', 'NV_TY_LE'] },
      {
        id: 'tthc',
        numbering: 'upper-roman',
        title: 'Cải cách thủ tục hành chính',
        indicators: ['HS_TIEP_NHAN', 'HS_TRE_HAN', ...(v2 ? ['DVC_TOAN_TRINH', 'HAI_LONG'] : [])],
      },
      { id: 'egov', numbering: 'upper-roman', title: 'Chính phủ số', indicators: ['CO_CONG_TT'] },
      {
        id: 'review',
        numbering: 'upper-roman',
        title: 'Đánh giá chung',
        children: [
          { id: 'strengths', numbering: 'arabic', title: 'Ưu điểm', blocks: ['paragraphs'], compile: 'strengths' },
          { id: 'weaknesses', numbering: 'arabic', title: 'Hạn chế', blocks: ['paragraphs'], compile: 'weaknesses' },
        ],
      },
      { id: 'proposals', numbering: 'upper-roman', title: 'Đề xuất, kiến nghị', blocks: ['items'], compile: 'recommendations' },
    ],
    indicators: [
      { code: 'NV_HOAN_THANH', label: 'Số nhiệm vụ đã hoàn thành', type: 'count', unit: 'nhiệm vụ', aggregate: { kind: 'sum' } },
      { code: 'NV_TONG', label: 'Tổng số nhiệm vụ theo kế hoạch', type: 'count', unit: 'nhiệm vụ', aggregate: { kind: 'sum' } },
      {
        code: 'NV_TY_LE',
        label: 'Tỷ lệ nhiệm vụ hoàn thành',
        type: 'percent',
        unit: '%',
        aggregate: { kind: 'ratio', numerator: 'NV_HOAN_THANH', denominator: 'NV_TONG' },
      },
      {
        code: 'HS_TIEP_NHAN',
        label: 'Số hồ sơ tiếp nhận',
        type: 'count',
        unit: 'hồ sơ',
        breakdowns: [
          {
            kind: 'level',
            levels: [
              { key: 'tinh', label: 'Cấp tỉnh', tiers: ['department'] },
              { key: 'xa', label: 'Cấp xã', tiers: ['commune'] },
            ],
          },
        ],
        aggregate: { kind: 'sum' },
      },
      {
        code: 'HS_TRE_HAN',
        label: 'Số hồ sơ giải quyết trễ hạn',
        type: 'count',
        unit: 'hồ sơ',
        breakdowns: [{ kind: 'list', id: 'field', label: 'Lĩnh vực', list: 'linh-vuc' }],
        aggregate: { kind: 'sum' },
      },
      ...(v2
        ? [
            {
              code: 'DVC_TOAN_TRINH',
              label: 'Số dịch vụ công trực tuyến toàn trình',
              type: 'count' as const,
              unit: 'dịch vụ',
              aggregate: { kind: 'sum' as const },
            },
            {
              code: 'HAI_LONG',
              label: 'Mức độ hài lòng thấp nhất',
              type: 'percent' as const,
              unit: '%',
              aggregate: { kind: 'min' as const },
            },
          ]
        : []),
      { code: 'CO_CONG_TT', label: 'Có cổng thông tin điện tử', type: 'boolean', aggregate: { kind: 'countYes' } },
    ],
  } satisfies FormInput);
}
export const sixAreaV1 = sixArea(1);
export const sixAreaV2 = sixArea(2);

export const formsMap = (...forms: FormDef[]) => new Map(forms.map((f) => [formKey(f), f]));

/** The seed report's facts (870, 2021-H1) as the latest item keeps them. */
export function seedSummary(o: { recommendation?: string } = {}): FormSummary {
  return {
    form: { id: seedForm.id, version: seedForm.version },
    values: {
      KT_TAP_THE: { value: 6 },
      KT_CA_NHAN: { value: 21 },
      KIEM_TRA: { value: 10, qualifier: 'xã, thị trấn' },
      DU_KIEN_KT: { value: 12, qualifier: 'cơ quan chuyên môn' },
      TIN_BAI_TINH: { value: 4 },
      TIN_BAI_DV: { value: 5 },
      PHAT_THANH: { value: true },
      HS_TRE_HAN: {
        levels: {
          huyen: { value: 250, breakdown: { field: [{ key: 'dat-dai', value: 228 }] } },
          xa: { value: 183, breakdown: { commune: [{ name: 'Xã Long Thuận', value: 129 }] } },
        },
      },
    },
    compiled: [
      {
        sectionId: 'difficulties',
        compileAs: 'difficulties',
        title: 'Những khó khăn, vướng mắc',
        texts: ['Còn tình trạng hồ sơ trễ hạn trên phần mềm một cửa điện tử, chủ yếu ở lĩnh vực đất đai.'],
      },
      { sectionId: 'proposals', compileAs: 'recommendations', title: 'Kiến nghị, đề xuất', texts: [o.recommendation ?? 'Không.'] },
    ],
    warnings: ['217/KH-UBND', '218/KH-UBND', '228/KH-UBND'].map((number, i) => ({
      path: `$.sections.direction.paragraphs[${i}]`,
      code: 'DOC_DATED_AFTER_REPORT',
      params: { number, date: '2021-12-22', reportDate: '2021-06' },
    })),
    warningCount: 3,
  };
}

/** Another district's report on the same form, with other numbers. */
export function districtSummary(o: {
  inspected?: number;
  planned?: number;
  huyen?: number;
  xa?: number;
  fields?: [string, number][];
  communes?: [string, number][];
  radio?: boolean;
}): FormSummary {
  const s = seedSummary();
  const v = s.values as Record<string, ValueBody>;
  if (o.inspected !== undefined) v.KIEM_TRA = { value: o.inspected };
  if (o.planned !== undefined) v.DU_KIEN_KT = { value: o.planned };
  const lv = v.HS_TRE_HAN!.levels!;
  if (o.huyen !== undefined) lv.huyen!.value = o.huyen;
  if (o.xa !== undefined) lv.xa!.value = o.xa;
  if (o.fields) lv.huyen!.breakdown = { field: o.fields.map(([key, value]) => ({ key, value })) };
  if (o.communes) lv.xa!.breakdown = { commune: o.communes.map(([name, value]) => ({ name, value })) };
  if (o.radio !== undefined) v.PHAT_THANH = { value: o.radio };
  return { ...s, warnings: [], warningCount: 0, compiled: [] };
}

/** A six-area report: tasks, dossiers by level, late by field, online services, satisfaction, portal. */
export function sixAreaSummary(
  version: 1 | 2,
  o: {
    done: number;
    total: number;
    tinh?: number;
    xa?: number;
    late?: [string, number][];
    online?: number;
    satisfaction?: number;
    portal?: boolean;
    proposal?: string;
  },
): FormSummary {
  const values: Record<string, ValueBody> = {
    NV_HOAN_THANH: { value: o.done },
    NV_TONG: { value: o.total },
    NV_TY_LE: { value: Math.round((10000 * o.done) / o.total) / 100 },
    HS_TIEP_NHAN: {
      levels: { ...(o.tinh !== undefined ? { tinh: { value: o.tinh } } : {}), ...(o.xa !== undefined ? { xa: { value: o.xa } } : {}) },
    },
    HS_TRE_HAN: {
      value: (o.late ?? []).reduce((a, [, n]) => a + n, 0),
      breakdown: { field: (o.late ?? []).map(([key, value]) => ({ key, value })) },
    },
    CO_CONG_TT: { value: o.portal ?? false },
  };
  if (version === 2) {
    if (o.online !== undefined) values.DVC_TOAN_TRINH = { value: o.online };
    if (o.satisfaction !== undefined) values.HAI_LONG = { value: o.satisfaction };
  }
  return {
    form: { id: 'six-area-test', version },
    values,
    compiled: o.proposal
      ? [{ sectionId: 'proposals', compileAs: 'recommendations', title: 'Đề xuất, kiến nghị', texts: [o.proposal] }]
      : [],
    warnings: [],
    warningCount: 0,
  };
}

/** A latest record as ReportService stores it. */
export function record(
  unit: string,
  summary: FormSummary,
  o: { version?: number; receivedAt?: string; firstReceivedAt?: string; onTime?: boolean } = {},
): RollupRecord {
  const receivedAt = o.receivedAt ?? '2021-06-15T02:00:00.000Z';
  return { unit, version: o.version ?? 1, receivedAt, firstReceivedAt: o.firstReceivedAt ?? receivedAt, onTime: o.onTime ?? true, summary };
}

/** A province after 2025: communes and two departments (codes in the national scheme; departments as the registry numbers them). */
export const registry2026 = parseRegistry({
  version: 'test-2026',
  provinces: [{ code: '82', reportingRules: [{ kinds: ['commune', 'department'], from: '2025-07-01', to: null }] }],
  units: [
    { code: '82', name: 'Tỉnh Đồng Tháp', kind: 'province', parentCode: null, validFrom: '2025-07-01', validTo: null },
    { code: '28297', name: 'Phường Long Thuận', kind: 'commune', parentCode: '82', validFrom: '2025-07-01', validTo: null },
    { code: '29992', name: 'Xã Long Phú Thuận', kind: 'commune', parentCode: '82', validFrom: '2025-07-01', validTo: null },
    { code: '29995', name: 'Xã An Long', kind: 'commune', parentCode: '82', validFrom: '2025-07-01', validTo: null },
    { code: '8201', name: 'Sở Tài chính', kind: 'department', parentCode: '82', validFrom: '2025-07-01', validTo: null },
  ],
});

export function input(
  latest: RollupRecord[],
  o: {
    period?: string;
    province?: string;
    registry?: Registry;
    forms?: FormDef[];
    changeSeq?: number;
    previous?: RollupInput['previous'];
    document?: RollupInput['document'];
    provinceForm?: FormDef | null;
  } = {},
): RollupInput {
  const registry = o.registry ?? bundledRegistry();
  const province = o.province ?? '87';
  const period = parsePeriod(o.period ?? '2021-H1') as Period;
  return {
    province: { code: province, name: (registry.unitForPeriod(province, period) ?? registry.principalUnit(province))!.name },
    period,
    deadline: deadlineDate(period, registry.deadlinePolicy(province)),
    registryVersion: registry.version,
    changeSeq: o.changeSeq ?? latest.length,
    expected: registry.expectedUnits(province, period),
    unit: (c) => registry.unitForPeriod(c, period) ?? registry.principalUnit(c),
    latest,
    forms: formsMap(...(o.forms ?? [seedForm])),
    previous: o.previous ?? null,
    document: o.document ?? null,
    provinceForm: o.provinceForm ?? null,
  };
}

/** Đồng Tháp's document settings as a province would configure them. */
export const documentSettings87 = {
  issuingAuthority: 'Sở Nội vụ',
  parentAuthority: 'UBND tỉnh Đồng Tháp',
  place: 'Đồng Tháp',
  symbol: 'BC-SNV',
  recipients: ['Ủy ban nhân dân Tỉnh'],
  distribution: ['Như trên', 'Bộ Nội vụ', 'Giám đốc, các Phó Giám đốc Sở', 'Lưu: VT, CCHC'],
  signature: { lines: [{ prefix: 'KT.' as const, text: 'Giám đốc' }], title: 'Phó Giám đốc', name: 'Nguyễn Văn An' },
};
