/**
 * The editor's plumbing, without a browser: JSON paths in the API's format, immutable
 * edits, pruning of cleared cells, the field-by-field diff and the words a path is shown
 * with, on a small form of our own (the real forms are exercised end to end).
 */
import { describe, expect, it } from 'vitest';
import { FormDef, type FormInput } from '../../shared/forms/model.ts';
import { diffBodies } from '../../web/src/editor/diff.ts';
import { labelFor } from '../../web/src/editor/labels.ts';
import { headingNumber } from '../../web/src/editor/numbering.ts';
import { getIn, parseKey, pathKey, prune, removeAt, setIn } from '../../web/src/editor/paths.ts';

const FORM: FormInput = {
  id: 'tiny-form',
  version: 1,
  title: 'Biểu mẫu thử',
  appliesTo: { tiers: ['district'], periodKinds: ['H1'], validFrom: '2021-01-01', validTo: null },
  document: { summaryTemplate: 'Báo cáo {period}', defaultSymbol: 'BC-UBND' },
  lists: [{ id: 'fields', label: 'Lĩnh vực', options: [{ key: 'dat-dai', label: 'Đất đai' }] }],
  outline: [
    {
      id: 'situation',
      numbering: 'upper-roman',
      title: 'Tình hình thực hiện',
      children: [
        { id: 'direction', numbering: 'arabic', title: 'Chỉ đạo, điều hành', blocks: ['paragraphs', 'documents'] },
        { id: 'inspection', numbering: 'arabic', title: 'Kiểm tra', indicators: ['INSPECTED'] },
      ],
    },
    { id: 'difficulties', numbering: 'upper-roman', title: 'Khó khăn', indicators: ['LATE'] },
    { id: 'nextTasks', numbering: 'upper-roman', title: 'Nhiệm vụ {nextPeriod}', blocks: ['items'] },
  ],
  indicators: [
    { code: 'INSPECTED', label: 'Số đơn vị được kiểm tra', type: 'count', aggregate: { kind: 'sum' } },
    {
      code: 'LATE',
      label: 'Số hồ sơ trễ hạn',
      type: 'count',
      aggregate: { kind: 'sum' },
      breakdowns: [
        {
          kind: 'level',
          levels: [
            { key: 'unit', label: 'Cấp huyện' },
            { key: 'commune', label: 'Cấp xã' },
          ],
        },
        { kind: 'list', id: 'field', label: 'Lĩnh vực', list: 'fields' },
      ],
    },
  ],
};
const form = FormDef.parse(FORM);

describe('paths', () => {
  it('writes the API error path format and reads it back', () => {
    const path = ['sections', 'direction', 'paragraphs', 0, 1, 'footnote', 'documents', 12, 'date'];
    expect(pathKey(path)).toBe('$.sections.direction.paragraphs[0][1].footnote.documents[12].date');
    expect(parseKey(pathKey(path))).toEqual(path);
    expect(pathKey(['values', 'LATE', 'levels', 'unit', 'breakdown', 'field'])).toBe('$.values.LATE.levels.unit.breakdown.field');
    expect(parseKey('$["odd key"].x')).toEqual(['odd key', 'x']);
  });

  it('edits without touching the original, creating objects and arrays on the way', () => {
    const body = { values: { INSPECTED: { value: 10 } }, sections: {} };
    const next = setIn(body, ['values', 'LATE', 'levels', 'unit', 'value'], 250);
    expect(body.values).toEqual({ INSPECTED: { value: 10 } });
    expect(getIn(next, ['values', 'LATE', 'levels', 'unit', 'value'])).toBe(250);
    const withList = setIn(next, ['sections', 'nextTasks', 'items', 0], 'Tiếp tục rà soát');
    expect(getIn(withList, ['sections', 'nextTasks', 'items'])).toEqual(['Tiếp tục rà soát']);
    const removed = removeAt(setIn(withList, ['sections', 'nextTasks', 'items', 1], 'Hai'), ['sections', 'nextTasks', 'items'], 0);
    expect(getIn(removed, ['sections', 'nextTasks', 'items'])).toEqual(['Hai']);
    expect(getIn(setIn(next, ['values', 'INSPECTED', 'value'], undefined), ['values', 'INSPECTED'])).toEqual({});
  });

  it('prunes cleared cells (an emptied value is no value) but keeps zeros and empty texts', () => {
    const body = {
      header: { number: '' },
      values: { INSPECTED: {}, LATE: { levels: { unit: { value: 0 }, commune: {} } }, X: { value: undefined } },
    };
    expect(prune(body)).toEqual({ header: { number: '' }, values: { LATE: { levels: { unit: { value: 0 } } } } });
  });
});

describe('diff and labels', () => {
  const v1 = {
    values: { INSPECTED: { value: 10 }, LATE: { levels: { unit: { value: 250 } } } },
    sections: { direction: { paragraphs: ['Một', 'Hai'] }, nextTasks: { items: ['A'] } },
  };

  it('lists every changed, added and removed field, nothing else', () => {
    const v2 = setIn(
      setIn(setIn(v1, ['values', 'INSPECTED', 'value'], 11), ['sections', 'direction', 'paragraphs'], ['Một']),
      ['sections', 'nextTasks', 'items', 1],
      'B',
    );
    expect(diffBodies(v1, v2)).toEqual([
      { path: ['values', 'INSPECTED', 'value'], before: 10, after: 11 },
      { path: ['sections', 'direction', 'paragraphs', 1], before: 'Hai', after: undefined },
      { path: ['sections', 'nextTasks', 'items', 1], before: undefined, after: 'B' },
    ]);
    expect(diffBodies(v1, structuredClone(v1))).toEqual([]);
  });

  it('names a path with the form words, numbers as printed and the period filled in', () => {
    const fill = (s: string) => s.replace('{nextPeriod}', 'quý III năm 2021');
    expect(labelFor(form, ['values', 'INSPECTED', 'value'])).toBe('Số đơn vị được kiểm tra');
    expect(labelFor(form, ['values', 'LATE', 'levels', 'commune', 'value'])).toBe('Số hồ sơ trễ hạn › Cấp xã');
    expect(labelFor(form, ['sections', 'direction', 'paragraphs', 1])).toBe('1. Chỉ đạo, điều hành › Đoạn văn 2');
    expect(labelFor(form, ['sections', 'nextTasks', 'items', 0], fill)).toBe('III. Nhiệm vụ quý III năm 2021 › Mục 1');
    expect(labelFor(form, ['header', 'date', 'day'])).toBe('Thông tin văn bản › Ngày › Ngày ký');
    expect(labelFor(form, [])).toBe('Toàn bộ báo cáo');
  });

  it('numbers headings like the document', () => {
    expect(headingNumber('upper-roman', 3, '')).toEqual({ printed: 'IV.', number: 'IV' });
    expect(headingNumber('arabic', 0, 'I')).toEqual({ printed: '1.', number: '1' });
    expect(headingNumber('decimal', 1, '2')).toEqual({ printed: '2.2.', number: '2.2' });
    // Under a roman heading, decimal numbers start afresh, as the .docx prints them.
    expect(headingNumber('decimal', 0, 'II')).toEqual({ printed: '1.', number: '1' });
    expect(headingNumber('lower-alpha', 2, '')).toEqual({ printed: 'c)', number: 'c' });
    // A dash or plus item passes its parent's number on to its children.
    expect(headingNumber('dash', 5, '3')).toEqual({ printed: '-', number: '3' });
    expect(headingNumber('upper-roman', 13, '').printed).toBe('XIV.');
  });
});
