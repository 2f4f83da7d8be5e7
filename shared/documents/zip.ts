/**
 * Deterministic zip packaging for the generated .docx and .xlsx files. The docx package
 * stamps every zip entry with the current time, so the same document built twice differs
 * in a few bytes; these helpers read a package back and write it again with every entry
 * stamped with one fixed date, so the same content gives the same bytes. The .xlsx is
 * written with writeZip directly. Reading uses fflate (the zip library the docx package
 * itself bundles: any zip it emits, data descriptors and zip64 included); writing stays
 * on node:zlib's native deflate, several times faster than fflate's for the 10,000-unit
 * workbook (measured in docs/decisions/0104-zip-reader-fflate-writer-zlib.md).
 */
import { promisify } from 'node:util';
import { crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** The entries of a zip file, in its central directory's order. */
export function readZip(zip: Buffer): ZipEntry[] {
  // fflate returns an object keyed by name; its filter sees the entries in directory order.
  const order: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (f) => {
        order.push(f.name);
        return true;
      },
    });
  } catch (e) {
    throw new Error(`zip: ${(e as Error).message}`);
  }
  return order.map((name) => {
    const data = files[name]!;
    return { name, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
  });
}

/** One entry's content as text (tests and checks). */
export function zipText(zip: Buffer, name: string): string {
  const e = readZip(zip).find((x) => x.name === name);
  if (!e) throw new Error(`zip: no entry ${name}`);
  return e.data.toString('utf8');
}

/**
 * A zip file of the entries, deflated (level per entry, 6 by default), every entry
 * stamped with midnight of `date` (ISO "YYYY-MM-DD"). Same entries and date, same bytes.
 */
export function writeZip(entries: readonly ZipEntry[], date: string, level: (e: ZipEntry) => number = () => 6): Buffer {
  return assemble(
    entries,
    entries.map((e) => deflateRawSync(e.data, { level: level(e) })),
    date,
  );
}

const deflateRawAsync = promisify(deflateRaw);

/** An entry whose deflating has started (on libuv's thread pool). */
export interface PendingEntry extends ZipEntry {
  body: Promise<Buffer>;
}

/** Starts deflating an entry now, so that the caller can go on building the next one meanwhile. */
export function deflating(e: ZipEntry, level = 6): PendingEntry {
  const body = deflateRawAsync(e.data, { level });
  // Awaited by writeZipAsync; a failure before then is not left unhandled.
  body.catch(() => undefined);
  return { ...e, body };
}

/**
 * writeZip with the entries deflated on libuv's thread pool (those not already started
 * with `deflating`, all at once): the event loop stays free (uploads in flight go on)
 * and a second core, where there is one, compresses. Same bytes as writeZip.
 */
export async function writeZipAsync(
  entries: readonly (ZipEntry | PendingEntry)[],
  date: string,
  level: (e: ZipEntry) => number = () => 6,
): Promise<Buffer> {
  const bodies = await Promise.all(entries.map((e) => ('body' in e ? e.body : deflateRawAsync(e.data, { level: level(e) }))));
  return assemble(entries, bodies, date);
}

function assemble(entries: readonly ZipEntry[], bodies: readonly Buffer[], date: string): Buffer {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dosDate = ((Math.min(Math.max(y, 1980), 2107) - 1980) << 9) | (m << 5) | d;
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const name = Buffer.from(e.name, 'utf8');
    const body = bodies[i]!;
    const crc = crc32(e.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // 00:00:00
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by (MS-DOS)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  });
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, eocd]);
}

/**
 * Rewrites an OPC package (xlsx, docx) deterministically: entries optionally replaced,
 * "[Content_Types].xml" and "_rels/.rels" first (as Office writes them), the rest in
 * their original order, every timestamp fixed to `date`.
 */
export function normalisePackage(packed: Buffer, date: string, replace: Record<string, string> = {}): Buffer {
  const entries = readZip(packed).map((e): ZipEntry => {
    const r = replace[e.name];
    return r === undefined ? e : { name: e.name, data: Buffer.from(r, 'utf8') };
  });
  const rank = (n: string) => (n === '[Content_Types].xml' ? 0 : n === '_rels/.rels' ? 1 : 2);
  const ordered = entries.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e.name) - rank(b.e.name) || a.i - b.i);
  return writeZip(
    ordered.map((x) => x.e),
    date,
  );
}
