import type { EntityManager } from 'typeorm';
import { queryRows } from '../../database/queries.js';
import { orgUnitSql as unit } from '../org/index.js';
import { FacilitiesRepository, type NewFacility } from './facilities.repository.js';

/** One facility of an import file, as parsed. */
export interface ImportedFacility {
  /** Where in the file (for problems): `line 3`, `feature 2`. */
  at: string;
  code: string;
  typeCode: string;
  name: string;
  courtyardCode: string;
  location: { lat: number; lng: number } | null;
  installedAt: Date | null;
}

export interface ImportProblem {
  at: string;
  message: string;
}

/**
 * Writes the facilities of a file in the caller's transaction, all or none: every type must
 * exist, every courtyard code name a live courtyard group (locked SHARE until commit, so an
 * archive waits), every facility code be new. Returns the problems (nothing written) or the
 * number written.
 */
export async function importFacilities(tx: EntityManager, rows: ImportedFacility[]): Promise<{ imported: number; problems: ImportProblem[] }> {
  const repo = new FacilitiesRepository(tx.connection);
  const types = new Map((await repo.typesByCodes([...new Set(rows.map((r) => r.typeCode))], tx)).map((t) => [t.code, t]));
  const units = new Map(
    (
      await queryRows<{ id: string; code: string; level: string; archived: boolean }>(
        tx,
        `SELECT ${unit.id('u')}::text AS id, ${unit.code('u')} AS code, ${unit.level('u')}::text AS level, ${unit.archived('u')} AS archived
           FROM ${unit.table('u')} WHERE ${unit.code('u')} = ANY($1::text[]) ORDER BY ${unit.id('u')} FOR SHARE`,
        [[...new Set(rows.map((r) => r.courtyardCode))]],
      )
    ).map((u) => [u.code, u]),
  );
  const taken = new Set((await repo.byCodes(rows.map((r) => r.code), tx)).map((r) => r.code));
  const seen = new Set<string>();
  const problems: ImportProblem[] = [];
  const accepted: NewFacility[] = [];
  for (const r of rows) {
    const type = types.get(r.typeCode);
    const courtyard = units.get(r.courtyardCode);
    if (!type) problems.push({ at: r.at, message: `no facility type "${r.typeCode}"` });
    else if (!courtyard) problems.push({ at: r.at, message: `no unit "${r.courtyardCode}"` });
    else if (courtyard.level !== 'COURTYARD_GROUP') problems.push({ at: r.at, message: `"${r.courtyardCode}" is not a courtyard group` });
    else if (courtyard.archived) problems.push({ at: r.at, message: `courtyard "${r.courtyardCode}" is archived` });
    else if (taken.has(r.code) || seen.has(r.code)) problems.push({ at: r.at, message: `facility code "${r.code}" is taken` });
    else {
      seen.add(r.code);
      accepted.push({ code: r.code, typeId: type.id, name: r.name, courtyardId: courtyard.id, location: r.location, installedAt: r.installedAt });
    }
  }
  if (problems.length > 0) return { imported: 0, problems };
  return { imported: await repo.insertMany(accepted, tx), problems };
}
