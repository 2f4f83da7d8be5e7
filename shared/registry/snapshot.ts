/**
 * The built snapshot files (data/registry/units-*.json): one national list each, a
 * unit per row [code, name, tier letter, parent code, successor codes?]. Shared by the
 * build script and the seed loader.
 */
export type TierLetter = 'p' | 'd' | 'c';
export type SnapshotRow = [code: string, name: string, tier: TierLetter, parent: string | null, successors?: string[]];

export interface SnapshotFile {
  snapshot: string;
  source: string;
  validFrom: string;
  validTo: string | null;
  counts: { province: number; district: number; commune: number };
  units: SnapshotRow[];
}

/**
 * The two lists. The earlier one is taken to hold from 2000 (periods start then); the
 * changes between 2000 and 2025 are not in the data, so its history is the last state.
 */
export const SNAPSHOTS = [
  {
    id: 'until-2025-06-30',
    csv: 'units-until-2025-06-30.csv',
    file: 'units-until-2025-06-30.json',
    validFrom: '2000-01-01',
    validTo: '2025-06-30',
  },
  { id: 'from-2025-07-01', csv: 'units-from-2025-07-01.csv', file: 'units-from-2025-07-01.json', validFrom: '2025-07-01', validTo: null },
] as const;

export const TIER_OF: Record<TierLetter, 'province' | 'district' | 'commune'> = { p: 'province', d: 'district', c: 'commune' };
