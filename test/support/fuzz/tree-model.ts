/**
 * An in-memory model of the "3+1" tree and of what the contract says each tree operation does:
 * the reference the tree-model test holds the server to, step by step.
 */

export const LEVELS = ['STREET_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'COURTYARD_GROUP'] as const;
export type Level = (typeof LEVELS)[number];

export const levelBelow = (level: Level): Level | undefined => LEVELS[LEVELS.indexOf(level) + 1];
export const levelAbove = (level: Level): Level | undefined => LEVELS[LEVELS.indexOf(level) - 1];

export interface ModelUnit {
  code: string;
  level: Level;
  /** The parent's code; null for a street committee. */
  parent: string | null;
  archived: boolean;
  /** The server's global id, known once it was created. */
  id: string;
}

export type Outcome = 'OK' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'FORBIDDEN';

export interface Prediction {
  outcome: Outcome;
  /** For BAD_USER_INPUT: the field the contract's implementation names. */
  field?: string;
  /** For OK: whether the call changes anything (a no-op archive, restore or move does not). */
  changes?: boolean;
}

export class TreeModel {
  /** Units by code, in creation order. */
  readonly units = new Map<string, ModelUnit>();
  /** A counter for fresh codes. */
  private fresh = 0;

  constructor(readonly tag: string) {}

  list(): ModelUnit[] {
    return [...this.units.values()];
  }

  /** A code no unit of the model has. */
  newCode(): string {
    let code: string;
    do {
      this.fresh += 1;
      code = `${this.tag}-${this.fresh}`;
    } while (this.units.has(code));
    return code;
  }

  get(code: string): ModelUnit {
    const unit = this.units.get(code);
    if (!unit) throw new Error(`model: no unit ${code}`);
    return unit;
  }

  /** Codes from the root down to the parent. */
  ancestors(code: string): string[] {
    const chain: string[] = [];
    for (let p = this.get(code).parent; p; p = this.get(p).parent) chain.unshift(p);
    return chain;
  }

  children(code: string): ModelUnit[] {
    return this.list().filter((u) => u.parent === code);
  }

  liveChildren(code: string): ModelUnit[] {
    return this.children(code).filter((u) => !u.archived);
  }

  /** Every unit below `code`, at any depth. */
  descendants(code: string): ModelUnit[] {
    const out: ModelUnit[] = [];
    const walk = (c: string) => {
      for (const child of this.children(c)) {
        out.push(child);
        walk(child.code);
      }
    };
    walk(code);
    return out;
  }

  // ---- predictions, in the order the service checks --------------------------------------

  /** `parent`: a unit, null for none, 'missing' for an id of nothing. `code` as sent (it is trimmed). */
  predictCreate(parent: ModelUnit | null | 'missing', level: Level | undefined, code: string): Prediction & { level?: Level } {
    if (parent === 'missing') return { outcome: 'NOT_FOUND' };
    let resolved: Level;
    if (parent) {
      const below = levelBelow(parent.level);
      if (!below) return { outcome: 'BAD_USER_INPUT', field: 'parentId' };
      if (level && level !== below) return { outcome: 'BAD_USER_INPUT', field: 'level' };
      if (parent.archived) return { outcome: 'CONFLICT' };
      resolved = below;
    } else {
      if (level && level !== 'STREET_COMMITTEE') return { outcome: 'BAD_USER_INPUT', field: 'parentId' };
      resolved = 'STREET_COMMITTEE';
    }
    if (this.units.has(code.trim())) return { outcome: 'CONFLICT' };
    return { outcome: 'OK', changes: true, level: resolved };
  }

  applyCreate(id: string, parent: ModelUnit | null, level: Level, code: string): ModelUnit {
    const unit: ModelUnit = { id, code: code.trim(), level, parent: parent?.code ?? null, archived: false };
    this.units.set(unit.code, unit);
    return unit;
  }

  predictMove(unit: ModelUnit | 'missing', newParent: ModelUnit | 'missing'): Prediction {
    if (unit === 'missing' || newParent === 'missing') return { outcome: 'NOT_FOUND' };
    if (unit.level === 'STREET_COMMITTEE') return { outcome: 'BAD_USER_INPUT', field: 'id' };
    if (levelBelow(newParent.level) !== unit.level) return { outcome: 'BAD_USER_INPUT', field: 'newParentId' };
    if (unit.archived) return { outcome: 'CONFLICT' };
    if (newParent.archived) return { outcome: 'CONFLICT' };
    return { outcome: 'OK', changes: unit.parent !== newParent.code };
  }

  applyMove(unit: ModelUnit, newParent: ModelUnit): void {
    unit.parent = newParent.code;
  }

  predictArchive(unit: ModelUnit | 'missing'): Prediction {
    if (unit === 'missing') return { outcome: 'NOT_FOUND' };
    if (unit.archived) return { outcome: 'OK', changes: false };
    if (this.liveChildren(unit.code).length > 0) return { outcome: 'CONFLICT' };
    return { outcome: 'OK', changes: true };
  }

  predictRestore(unit: ModelUnit | 'missing'): Prediction {
    if (unit === 'missing') return { outcome: 'NOT_FOUND' };
    if (!unit.archived) return { outcome: 'OK', changes: false };
    if (unit.parent && this.get(unit.parent).archived) return { outcome: 'CONFLICT' };
    return { outcome: 'OK', changes: true };
  }
}
