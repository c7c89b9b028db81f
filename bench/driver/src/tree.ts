// In-memory "3+1" tree: 2 street committees -> 8 general branches -> 8 branches -> 10 courtyard groups.
export enum OrgLevel {
  STREET_COMMITTEE = 'STREET_COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
  COURTYARD_GROUP = 'COURTYARD_GROUP',
}

export interface OrgUnitRow {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
}

export const byId = new Map<string, OrgUnitRow>();
export const byCode = new Map<string, OrgUnitRow>();
export const childrenOf = new Map<string, OrgUnitRow[]>();

let seq = 0;
function add(code: string, name: string, level: OrgLevel, parent: OrgUnitRow | null): OrgUnitRow {
  const row: OrgUnitRow = { id: String(++seq), code, name, level, parentId: parent ? parent.id : null };
  byId.set(row.id, row);
  byCode.set(code, row);
  childrenOf.set(row.id, []);
  if (parent) childrenOf.get(parent.id)!.push(row);
  return row;
}

for (let s = 1; s <= 2; s++) {
  const street = add(`S${s}`, `Street committee ${s}`, OrgLevel.STREET_COMMITTEE, null);
  for (let g = 1; g <= 8; g++) {
    const gb = add(`S${s}-G${g}`, `General branch ${s}.${g}`, OrgLevel.GENERAL_BRANCH, street);
    for (let b = 1; b <= 8; b++) {
      const br = add(`S${s}-G${g}-B${b}`, `Branch ${s}.${g}.${b}`, OrgLevel.BRANCH, gb);
      for (let c = 1; c <= 10; c++) {
        add(`S${s}-G${g}-B${b}-C${c}`, `Courtyard group ${s}.${g}.${b}.${c}`, OrgLevel.COURTYARD_GROUP, br);
      }
    }
  }
}
