/**
 * The registry that ships with the repo, as the seed the local runner and the tests load
 * into the table (a Lambda reads the table only): the two national snapshots built by
 * `npm run registry:build`, the statutory calendar, and the hand-written configuration
 * (data/registry/registry.json: provinces served, departments, per-unit overrides).
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { Contact } from '../review/config.ts';
import { OrgUnit, Registry, RegistryConfig, RegistryData } from './registry.ts';
import { SNAPSHOTS, TIER_OF, type SnapshotFile } from './snapshot.ts';

const dataFile = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../data/registry/${name}`, import.meta.url), 'utf8'));

/** registry.json: the configuration, units the national lists lack, and fields set on national units. */
export const SeedConfig = RegistryConfig.omit({ calendar: true }).extend({
  units: z.array(OrgUnit).default([]),
  overrides: z
    .array(
      z.strictObject({
        code: z.string(),
        /** Which era (a day it is in force on); default: every era of the code. */
        on: z.string().optional(),
        name: z.string().min(1).max(200).optional(),
        authority: z.string().min(1).max(200).optional(),
        place: z.string().min(1).max(100).optional(),
        /** Where notifications for the unit go (review, reminders, digest). */
        contact: Contact.optional(),
      }),
    )
    .default([]),
});

export function snapshotUnits(f: SnapshotFile): OrgUnit[] {
  return f.units.map(([code, name, tier, parent, successors]) => ({
    code,
    name,
    kind: TIER_OF[tier],
    parentCode: parent,
    validFrom: f.validFrom,
    validTo: f.validTo,
    successorCodes: successors ?? [],
  }));
}

/**
 * A province that neither merged nor took another in (Hà Nội, Cao Bằng, ... eleven of
 * them) is one unit across 1 July 2025: same code, its only successor itself, no other
 * province merged into it (the name may differ in spelling: "Thanh Hoá", "Thanh Hóa"; the
 * newer one is kept). Its two snapshot rows become one record, so its
 * staff keep its history; a merged province (82, 87) gets a new identity.
 */
export function joinContinuingProvinces(units: OrgUnit[]): OrgUnit[] {
  const provinces = units.filter((u) => u.kind === 'province');
  const absorbed = new Map<string, number>();
  for (const p of provinces) for (const s of p.successorCodes) absorbed.set(s, (absorbed.get(s) ?? 0) + 1);
  const drop = new Set<OrgUnit>();
  for (const old of provinces) {
    if (old.validTo === null || old.successorCodes.length !== 1 || old.successorCodes[0] !== old.code || absorbed.get(old.code) !== 1)
      continue;
    const next = provinces.find((p) => p.code === old.code && p.validFrom > old.validTo!);
    if (!next) continue;
    old.validTo = next.validTo;
    old.name = next.name;
    old.successorCodes = next.successorCodes;
    drop.add(next);
  }
  return units.filter((u) => !drop.has(u));
}

/** The seed: the built snapshots and calendar with a configuration (default: data/registry/registry.json). */
export function seedRegistryData(configJson: unknown = dataFile('registry.json')): RegistryData {
  const config = SeedConfig.parse(configJson);
  const calendar = dataFile('calendar.json') as { daysOff: string[] };
  const units = joinContinuingProvinces([...SNAPSHOTS.flatMap((s) => snapshotUnits(dataFile(s.file) as SnapshotFile)), ...config.units]);
  for (const o of config.overrides) {
    const targets = units.filter((u) => u.code === o.code && (!o.on || (u.validFrom <= o.on && (u.validTo === null || o.on <= u.validTo))));
    if (!targets.length) throw new Error(`registry.json: override for unknown unit ${o.code}`);
    for (const u of targets) {
      Object.assign(u, o.name ? { name: o.name } : {}, o.authority ? { authority: o.authority } : {}, o.place ? { place: o.place } : {});
      if (o.contact) u.contact = { emails: [...o.contact.emails] };
    }
  }
  const { overrides: _o, units: _u, ...rest } = config;
  return RegistryData.parse({ ...rest, calendar: { daysOff: calendar.daysOff }, units });
}

let seed: RegistryData | undefined;

/** The seed registry (parsed once per process). */
export function bundledRegistry(): Registry {
  seed ??= seedRegistryData();
  return new Registry(seed);
}
