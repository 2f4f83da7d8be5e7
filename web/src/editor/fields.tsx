/**
 * The editor's inputs, each bound to a JSON path of the report body. Every input has a
 * label; errors and warnings for its path show right under it and are tied to it with
 * aria-describedby. In read-only mode the same components print the values.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { FormDef, IndicatorDef, SectionDef } from '../../../shared/forms/model.ts';
import { groupDigits, vnDate } from '../../../shared/format/vi.ts';
import type { Detail } from '../lib/api.ts';
import type { FieldComment } from '../lib/review.ts';
import { headingNumber } from './numbering.ts';
import { fieldId, getIn, pathKey, type Path } from './paths.ts';

export interface EditorApi {
  body: any;
  form: FormDef;
  tier?: string | undefined;
  readOnly: boolean;
  /** A form text with {period} and {nextPeriod} filled in. */
  text(s: string): string;
  set(path: Path, value: unknown): void;
  remove(arrayPath: Path, index: number): void;
  /** Errors, warnings and the province's comments (a returned report) at a path (and below it, for `deep`). */
  messagesAt(path: Path, deep: boolean): { errors: Detail[]; warnings: Detail[]; comments?: FieldComment[] };
  touch(path: Path): void;
  /** Staff deciding on a report: a comment at this field (a button beside each printed value). */
  commentOn?: ((path: Path) => void) | undefined;
}

export const EditorContext = createContext<EditorApi>(null as unknown as EditorApi);
const useEd = () => useContext(EditorContext);

function Messages({
  id,
  errors,
  warnings,
  comments = [],
}: {
  id: string;
  errors: Detail[];
  warnings: Detail[];
  comments?: FieldComment[] | undefined;
}) {
  return (
    <>
      {comments.map((c, i) => (
        <p class="review-comment" id={`${id}-c${i}`} key={`c${i}`}>
          <strong>Sở Nội vụ đề nghị sửa:</strong> {c.text}
        </p>
      ))}
      {errors.map((d, i) => (
        <p class="error" id={`${id}-e${i}`} key={`e${i}`}>
          <span aria-hidden="true">✖ </span>
          {d.message}
        </p>
      ))}
      {warnings.map((d, i) => (
        <p class="warning" id={`${id}-w${i}`} key={`w${i}`}>
          <span aria-hidden="true">⚠ </span>Cảnh báo: {d.message}
        </p>
      ))}
    </>
  );
}

const describedBy = (id: string, hint: boolean, errors: Detail[], warnings: Detail[], comments: FieldComment[] = []) =>
  [
    hint ? `${id}-h` : '',
    ...comments.map((_, i) => `${id}-c${i}`),
    ...errors.map((_, i) => `${id}-e${i}`),
    ...warnings.map((_, i) => `${id}-w${i}`),
  ]
    .filter(Boolean)
    .join(' ') || undefined;

/**
 * A printed value; the id lets a comment's link focus it, and the province's comments show
 * under it. Staff deciding on the report get a button to comment at it.
 */
function ReadOnly({
  path,
  id,
  label,
  context,
  value,
  comments,
}: {
  path: Path;
  id: string;
  label: string;
  context?: string | undefined;
  value: ComponentChildren;
  comments?: FieldComment[] | undefined;
}) {
  const ed = useEd();
  return (
    <div class="ro" id={id} tabIndex={-1}>
      <span class="ro-label">{label}</span>
      <span class="ro-value">{value === undefined || value === null || value === '' ? '—' : value}</span>
      {ed.commentOn && (
        <button type="button" class="btn btn-small btn-quiet ro-comment" onClick={() => ed.commentOn?.(path)}>
          Góp ý<span class="sr-only"> tại mục “{context ? `${context}: ${label}` : label}”</span>
        </button>
      )}
      {comments?.length ? <Messages id={id} errors={[]} warnings={[]} comments={comments} /> : null}
    </div>
  );
}

interface InputProps {
  path: Path;
  label: string;
  /** Read before the label by screen readers only (the indicator a level cell belongs to). */
  context?: string | undefined;
  hint?: string | undefined;
  /** An empty input removes the key (optional fields) instead of storing "". */
  optional?: boolean;
  multiline?: boolean;
  list?: string;
  kind?: 'text' | 'date' | 'number';
  /** Printed without digit grouping when read-only (a year is 2021, not 2.021). */
  plain?: boolean;
  class?: string;
}

/** "12" → 12, "1,5" → 1.5; anything else is kept as typed so the schema reports it. */
function parseNumber(s: string): unknown {
  const t = s.trim();
  if (t === '') return undefined;
  if (/^-?\d+([.,]\d+)?$/.test(t)) return Number(t.replace(',', '.'));
  return t;
}

export function Input({ path, label, context, hint, optional, multiline, list, kind = 'text', plain, class: cls }: InputProps) {
  const ed = useEd();
  const value = getIn(ed.body, path);
  const id = fieldId(path);
  const { errors, warnings, comments } = ed.messagesAt(path, true);
  if (ed.readOnly) {
    const shown =
      kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? vnDate(value)
        : typeof value === 'number' && !plain
          ? groupDigits(value)
          : value;
    return <ReadOnly path={path} id={id} label={label} context={context} value={shown} comments={comments} />;
  }
  const onInput = (e: Event) => {
    const raw = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
    const v = kind === 'number' ? parseNumber(raw) : raw === '' && optional ? undefined : raw;
    ed.set(path, v);
  };
  const common = {
    id,
    name: pathKey(path),
    value: value === undefined || value === null ? '' : String(value),
    onInput,
    onBlur: () => ed.touch(path),
    'aria-invalid': errors.length ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, !!hint, errors, warnings, comments),
  };
  return (
    <div class={`field ${cls ?? ''} ${errors.length ? 'has-error' : ''} ${warnings.length ? 'has-warning' : ''}`}>
      <label for={id}>
        {context && <span class="sr-only">{context}: </span>}
        {label}
      </label>
      {hint && (
        <p class="hint" id={`${id}-h`}>
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea {...common} rows={Math.min(12, Math.max(3, Math.ceil(String(value ?? '').length / 90)))} />
      ) : (
        <input
          {...common}
          type={kind === 'date' ? 'date' : 'text'}
          inputMode={kind === 'number' ? 'decimal' : undefined}
          list={list}
          autoComplete="off"
        />
      )}
      <Messages id={id} errors={errors} warnings={warnings} comments={comments} />
    </div>
  );
}

export function Select({
  path,
  label,
  context,
  options,
  hint,
}: {
  path: Path;
  label: string;
  context?: string | undefined;
  options: { value: string; label: string }[];
  hint?: string;
}) {
  const ed = useEd();
  const value = getIn(ed.body, path);
  const id = fieldId(path);
  const { errors, warnings, comments } = ed.messagesAt(path, true);
  const asText = (v: unknown) => (v === undefined ? '' : String(v));
  if (ed.readOnly)
    return (
      <ReadOnly
        path={path}
        id={id}
        label={label}
        context={context}
        value={options.find((o) => o.value === asText(value))?.label}
        comments={comments}
      />
    );
  return (
    <div class={`field ${errors.length ? 'has-error' : ''}`}>
      <label for={id}>
        {context && <span class="sr-only">{context}: </span>}
        {label}
      </label>
      {hint && (
        <p class="hint" id={`${id}-h`}>
          {hint}
        </p>
      )}
      <select
        id={id}
        value={asText(value)}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, !!hint, errors, warnings, comments)}
        onChange={(e) => {
          const raw = (e.target as HTMLSelectElement).value;
          ed.set(path, raw === '' ? undefined : raw === 'true' ? true : raw === 'false' ? false : raw);
          ed.touch(path);
        }}
      >
        <option value="">(chưa chọn)</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={id} errors={errors} warnings={warnings} comments={comments} />
    </div>
  );
}

/** Errors about a whole list or object (too many rows, a sum above its total). */
function GroupMessages({ path }: { path: Path }) {
  const ed = useEd();
  const { errors, warnings, comments = [] } = ed.messagesAt(path, false);
  if (!errors.length && !warnings.length && !comments.length) return null;
  return <Messages id={fieldId(path)} errors={errors} warnings={warnings} comments={comments} />;
}

interface ListProps<T> {
  path: Path;
  /** "Văn bản", "Sự kiện": numbered in legends and buttons. */
  itemName: string;
  addLabel: string;
  empty: () => T;
  render: (itemPath: Path, index: number) => ComponentChildren;
  /** Items are fieldsets with a legend (rows of several inputs), or single inputs. */
  grouped?: boolean;
  /**
   * A one-line summary of a complete item: such items show as that line with an edit
   * button (a report cites dozens of documents), and open when they carry a message.
   */
  summary?: (item: any) => string | undefined;
}

export function List<T>({ path, itemName, addLabel, empty, render, grouped = true, summary }: ListProps<T>) {
  const ed = useEd();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const items: unknown[] = Array.isArray(getIn(ed.body, path)) ? getIn(ed.body, path) : [];
  const anchor = fieldId(path);
  if (ed.readOnly && items.length === 0) return null;
  const openItem = (i: number) => setOpen((o) => new Set(o).add(i));
  return (
    <div class="list" id={anchor} tabIndex={-1}>
      <GroupMessages path={path} />
      {items.map((item, i) => {
        const line = summary?.(item);
        const m = ed.messagesAt([...path, i], true);
        if (line && !open.has(i) && !m.errors.length && !m.warnings.length && !m.comments?.length)
          return (
            <div class="item-line" key={i} id={fieldId([...path, i])} tabIndex={-1}>
              <span>
                <span class="sr-only">
                  {itemName} {i + 1}:{' '}
                </span>
                {line}
              </span>
              {!ed.readOnly && (
                <button
                  type="button"
                  class="btn btn-small btn-quiet"
                  onClick={() => {
                    openItem(i);
                    requestAnimationFrame(() => document.getElementById(fieldId([...path, i, 'kind']))?.focus());
                  }}
                >
                  Sửa
                  <span class="sr-only">
                    {' '}
                    {itemName.toLowerCase()} {i + 1}
                  </span>
                </button>
              )}
            </div>
          );
        return grouped ? (
          <fieldset class="item" key={i}>
            <legend>
              {itemName} {i + 1}
            </legend>
            {render([...path, i], i)}
            {!ed.readOnly && (
              <button type="button" class="btn btn-small btn-quiet" onClick={() => ed.remove(path, i)}>
                Xóa {itemName.toLowerCase()} {i + 1}
              </button>
            )}
          </fieldset>
        ) : (
          <div class="item-inline" key={i}>
            {render([...path, i], i)}
            {!ed.readOnly && (
              <button type="button" class="btn btn-small btn-quiet" onClick={() => ed.remove(path, i)}>
                Xóa
                <span class="sr-only">
                  {' '}
                  {itemName.toLowerCase()} {i + 1}
                </span>
              </button>
            )}
          </div>
        );
      })}
      {!ed.readOnly && (
        <button
          type="button"
          class="btn btn-small"
          onClick={() => {
            openItem(items.length);
            ed.set([...path, items.length], empty());
            // Focus the new row's first input once it is rendered.
            requestAnimationFrame(() => {
              const row = document.getElementById(anchor)?.querySelectorAll('.item, .item-inline')[items.length];
              row?.querySelector<HTMLElement>('input, textarea, select')?.focus();
            });
          }}
        >
          {addLabel}
        </button>
      )}
    </div>
  );
}

export const DOCUMENT_KINDS = [
  'Kế hoạch',
  'Công văn',
  'Quyết định',
  'Báo cáo',
  'Nghị định',
  'Nghị quyết',
  'Thông tư',
  'Chỉ thị',
  'Thông báo',
  'Hướng dẫn',
];

export function DocumentKinds() {
  return (
    <datalist id="document-kinds">
      {DOCUMENT_KINDS.map((k) => (
        <option key={k} value={k} />
      ))}
    </datalist>
  );
}

/** A document reference: loại, số ký hiệu, ngày, cơ quan ban hành, trích yếu (and the words before it). */
export function DocumentRef({ path }: { path: Path }) {
  return (
    <div class="grid">
      <Input path={[...path, 'kind']} label="Loại văn bản" list="document-kinds" class="col-s" />
      <Input path={[...path, 'number']} label="Số, ký hiệu" hint="Ví dụ: 285/KH-UBND" class="col-s" />
      <Input path={[...path, 'date']} label="Ngày ban hành" kind="date" optional class="col-s" />
      <Input path={[...path, 'issuer']} label="Cơ quan ban hành" optional class="col-m" />
      <Input path={[...path, 'subject']} label="Trích yếu" optional multiline class="col-l" />
      <Input
        path={[...path, 'lead']}
        label="Lời dẫn trước văn bản (nếu có)"
        hint="Ví dụ: Thực hiện, Tiếp tục thực hiện"
        optional
        class="col-m"
      />
    </div>
  );
}

export const emptyDocument = () => ({ kind: '', number: '' });

/** "Kế hoạch số 285/KH-UBND ngày 05/12/2020 của Ủy ban nhân dân Tỉnh về …", as a report cites it. */
export function citeDocument(d: any): string | undefined {
  if (!d || typeof d !== 'object' || typeof d.kind !== 'string' || typeof d.number !== 'string' || !d.kind.trim() || !d.number.trim())
    return undefined;
  const date = typeof d.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? ` ngày ${vnDate(d.date)}` : '';
  const issuer = typeof d.issuer === 'string' && d.issuer ? ` của ${d.issuer}` : '';
  const subject = typeof d.subject === 'string' && d.subject ? ` ${d.subject}` : '';
  const lead = typeof d.lead === 'string' && d.lead ? `${d.lead} ` : '';
  return `${lead}${d.kind} số ${d.number}${date}${issuer}${subject}`;
}

export function DocumentList({
  path,
  itemName = 'Văn bản',
  addLabel = 'Thêm văn bản',
}: {
  path: Path;
  itemName?: string;
  addLabel?: string;
}) {
  return (
    <List
      path={path}
      itemName={itemName}
      addLabel={addLabel}
      empty={emptyDocument}
      summary={citeDocument}
      render={(p) => <DocumentRef path={p} />}
    />
  );
}

/** A paragraph: plain text, or text runs with footnotes (each a list of documents and/or text). */
export function Paragraph({ path, index }: { path: Path; index: number }) {
  const ed = useEd();
  const value = getIn(ed.body, path);
  const label = `Đoạn văn ${index + 1}`;
  if (!Array.isArray(value)) {
    return (
      <div>
        <Input path={path} label={label} multiline />
        {!ed.readOnly && (
          <button
            type="button"
            class="btn btn-small btn-quiet"
            onClick={() => ed.set(path, [typeof value === 'string' ? value : '', { footnote: { documents: [] } }])}
          >
            Thêm chú thích cho {label.toLowerCase()}
          </button>
        )}
      </div>
    );
  }
  let footnotes = 0;
  let texts = 0;
  return (
    <div class="runs">
      <GroupMessages path={path} />
      {value.map((run: unknown, i: number) => {
        if (typeof run === 'string' || run === null || typeof run !== 'object') {
          texts++;
          return <Input key={i} path={[...path, i]} label={`${label}, phần ${texts}`} multiline />;
        }
        footnotes++;
        const fp = [...path, i, 'footnote'];
        return (
          <fieldset class="footnote" key={i}>
            <legend>
              Chú thích {footnotes} của {label.toLowerCase()}
            </legend>
            <DocumentList path={[...fp, 'documents']} itemName="Văn bản được chú thích" addLabel="Thêm văn bản vào chú thích" />
            <Input path={[...fp, 'text']} label="Lời chú thích (nếu có)" optional multiline />
            {!ed.readOnly && (
              <button type="button" class="btn btn-small btn-quiet" onClick={() => ed.remove(path, i)}>
                Xóa chú thích {footnotes}
              </button>
            )}
          </fieldset>
        );
      })}
      {!ed.readOnly && (
        <p class="row-actions">
          <button type="button" class="btn btn-small btn-quiet" onClick={() => ed.set([...path, value.length], '')}>
            Thêm phần văn bản tiếp theo
          </button>
          <button
            type="button"
            class="btn btn-small btn-quiet"
            onClick={() => ed.set([...path, value.length], { footnote: { documents: [] } })}
          >
            Thêm chú thích
          </button>
        </p>
      )}
    </div>
  );
}

function Heading({ level, id, children }: { level: number; id: string; children: ComponentChildren }) {
  const H = (level <= 1 ? 'h2' : level === 2 ? 'h3' : 'h4') as 'h2';
  return <H id={id}>{children}</H>;
}

const YES_NO = [
  { value: 'true', label: 'Có' },
  { value: 'false', label: 'Không' },
];

function CellValue({ def, path, label, context }: { def: IndicatorDef; path: Path; label: string; context?: string | undefined }) {
  const ed = useEd();
  const unit = def.unit ? ` (${def.unit})` : '';
  const hint = context ? undefined : def.hint;
  switch (def.type) {
    case 'boolean':
      return <Select path={path} label={label} context={context} options={YES_NO} {...(hint ? { hint } : {})} />;
    case 'date':
      return <Input path={path} label={label} context={context} hint={hint} kind="date" optional />;
    case 'text':
      return <Input path={path} label={label} context={context} hint={hint} optional multiline />;
    case 'choice': {
      const list = ed.form.lists.find((l) => l.id === def.list);
      return (
        <Select
          path={path}
          label={label}
          context={context}
          options={(list?.options ?? []).map((o) => ({ value: o.key, label: o.label }))}
          {...(hint ? { hint } : {})}
        />
      );
    }
    default:
      return <Input path={path} label={`${label}${unit}`} context={context} hint={hint} kind="number" />;
  }
}

/** Rows of a list or sub-unit breakdown: which option (or which commune) and how many. */
function BreakdownRows({
  def,
  b,
  path,
  caption,
}: {
  def: IndicatorDef;
  b: Exclude<IndicatorDef['breakdowns'][number], { kind: 'level' }>;
  path: Path;
  caption: string;
}) {
  const ed = useEd();
  const list = b.kind === 'list' ? ed.form.lists.find((l) => l.id === b.list) : undefined;
  const unit = def.unit ? ` (${def.unit})` : '';
  return (
    <div class="breakdown">
      <p class="breakdown-title">{caption}</p>
      <List
        path={path}
        itemName={b.kind === 'list' ? (list?.label ?? b.label) : b.label}
        addLabel={`Thêm dòng ${b.label.toLowerCase()}`}
        empty={() => (b.kind === 'list' ? { key: '', value: 0 } : { name: '', value: 0 })}
        render={(p) => (
          <div class="grid">
            {b.kind === 'list' ? (
              <Select
                path={[...p, 'key']}
                label={list?.label ?? b.label}
                options={(list?.options ?? []).map((o) => ({ value: o.key, label: o.label }))}
              />
            ) : (
              <>
                <Input path={[...p, 'name']} label="Tên đơn vị" class="col-m" />
                <Input path={[...p, 'unit']} label="Mã đơn vị (nếu biết)" optional class="col-s" />
              </>
            )}
            <Input path={[...p, 'value']} label={`Số lượng${unit}`} kind="number" class="col-s" />
          </div>
        )}
      />
    </div>
  );
}

function Cell({
  def,
  path,
  label,
  context,
  level,
}: {
  def: IndicatorDef;
  path: Path;
  label: string;
  context?: string | undefined;
  level?: string;
}) {
  const others = def.breakdowns.filter(
    (b): b is Exclude<typeof b, { kind: 'level' }> => b.kind !== 'level' && (level === undefined || !b.levels || b.levels.includes(level)),
  );
  return (
    <>
      <CellValue def={def} path={[...path, 'value']} label={label} context={context} />
      {others.map((b) => (
        <BreakdownRows
          key={b.id}
          def={def}
          b={b}
          path={[...path, 'breakdown', b.id]}
          caption={`${context ? `${label}, ` : ''}chia theo ${b.label.toLowerCase()}`}
        />
      ))}
    </>
  );
}

/** An indicator: one cell, or one per level (only the levels the unit's tier has). */
export function Indicator({ def }: { def: IndicatorDef }) {
  const ed = useEd();
  const path: Path = ['values', def.code];
  const level = def.breakdowns.find((b) => b.kind === 'level');
  const levels =
    level && level.kind === 'level' ? level.levels.filter((l) => !l.tiers || !ed.tier || (l.tiers as string[]).includes(ed.tier)) : [];
  const simple = !levels.length && !def.qualifier && def.breakdowns.length === 0;
  // One input: its own label is the indicator's; otherwise a group named by the indicator.
  if (simple)
    return (
      <div class="indicator-simple">
        <GroupMessages path={path} />
        <CellValue def={def} path={[...path, 'value']} label={def.label} />
      </div>
    );
  return (
    <fieldset class="indicator" id={fieldId(path)} tabIndex={-1}>
      <legend>{def.label}</legend>
      {def.hint && !ed.readOnly && <p class="hint">{def.hint}</p>}
      <GroupMessages path={path} />
      {levels.length ? (
        levels.map((l) => (
          <div class="level" key={l.key}>
            <Cell def={def} path={[...path, 'levels', l.key]} label={l.label} context={def.shortLabel ?? def.label} level={l.key} />
          </div>
        ))
      ) : (
        <Cell def={def} path={path} label={def.shortLabel ?? def.label} />
      )}
      {def.qualifier && (
        <Input path={[...path, 'qualifier']} label={def.qualifier.label} context={def.shortLabel ?? def.label} optional class="col-m" />
      )}
    </fieldset>
  );
}

export function Section({ def, index, parent, level }: { def: SectionDef; index: number; parent: string; level: number }) {
  const ed = useEd();
  const { printed, number } = headingNumber(def.numbering, index, parent);
  const base: Path = ['sections', def.id];
  const headingId = `h-${def.id}`;
  const itemName = 'Mục';
  return (
    <section class={`form-section level-${level}`} aria-labelledby={headingId} id={fieldId(base)} tabIndex={-1}>
      <Heading level={level} id={headingId}>
        {printed ? `${printed} ` : ''}
        {ed.text(def.title)}
        {def.required && !ed.readOnly && <span class="required"> (bắt buộc)</span>}
      </Heading>
      {def.hint && !ed.readOnly && <p class="hint">{ed.text(def.hint)}</p>}
      <GroupMessages path={base} />
      {def.blocks.map((b) => {
        const p: Path = [...base, b];
        switch (b) {
          case 'paragraphs':
            return (
              <List
                key={b}
                path={p}
                itemName="Đoạn văn"
                addLabel="Thêm đoạn văn"
                grouped={false}
                empty={() => ''}
                render={(ip, i) => <Paragraph path={ip} index={i} />}
              />
            );
          case 'documents':
            return (
              <div key={b}>
                <p class="block-title">Văn bản đã ban hành</p>
                <DocumentList path={p} />
              </div>
            );
          case 'events':
            return (
              <div key={b}>
                <p class="block-title">Hội nghị, sự kiện</p>
                <List
                  path={p}
                  itemName="Sự kiện"
                  addLabel="Thêm sự kiện"
                  empty={() => ({ date: '', title: '' })}
                  render={(ip) => (
                    <div class="grid">
                      <Input path={[...ip, 'date']} label="Ngày" kind="date" class="col-s" />
                      <Input path={[...ip, 'title']} label="Tên sự kiện" class="col-l" />
                      <Input path={[...ip, 'description']} label="Nội dung (nếu có)" optional multiline class="col-l" />
                    </div>
                  )}
                />
              </div>
            );
          case 'items':
            return (
              <List
                key={b}
                path={p}
                itemName={itemName}
                addLabel="Thêm mục"
                grouped={false}
                empty={() => ''}
                render={(ip, i) => <Input path={ip} label={`${itemName} ${i + 1}`} multiline />}
              />
            );
          default:
            return null;
        }
      })}
      {def.indicators.map((code) => {
        const ind = ed.form.indicators.find((d) => d.code === code);
        return ind ? <Indicator key={code} def={ind} /> : null;
      })}
      {def.children.map((c, i) => (
        <Section key={c.id} def={c} index={i} parent={number} level={level + 1} />
      ))}
    </section>
  );
}
