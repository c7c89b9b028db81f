import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NodeSelection } from '../../common/graphql/lookahead.js';
import type { OrgUnit, OrgUnitRow } from './org-unit.model.js';

/**
 * Asked inside the archive transaction, with the unit locked: why the unit may not be
 * archived, or null. A module that keeps things in the tree (requests: open requests in the
 * subtree) adds one at start; org cannot call such modules itself, since they depend on org.
 */
export type ArchiveRefusal = (unit: OrgUnitRow, tx: EntityManager) => Promise<string | null>;

/** The checks every archive runs; modules add theirs at start (onModuleInit). */
@Injectable()
export class ArchiveChecks {
  private readonly checks: ArchiveRefusal[] = [];

  add(check: ArchiveRefusal): void {
    this.checks.push(check);
  }

  /** The first reason to refuse, or null. */
  async refusal(unit: OrgUnitRow, tx: EntityManager): Promise<string | null> {
    for (const check of this.checks) {
      const reason = await check(unit, tx);
      if (reason) return reason;
    }
    return null;
  }
}

/** A unit moved to another parent: its id and both parents' paths (the old as it was). */
export interface UnitMove {
  unitId: string;
  fromParentPath: string;
  toParentPath: string;
}

/**
 * Told inside the move transaction, after the subtree's paths changed: a module that keeps
 * figures per subtree (volunteers) carries the unit's figures from its old parents to its new
 * ones in the same transaction. Modules add theirs at start (onModuleInit).
 */
@Injectable()
export class UnitMoves {
  private readonly followers: ((move: UnitMove, tx: EntityManager) => Promise<void>)[] = [];

  add(follower: (move: UnitMove, tx: EntityManager) => Promise<void>): void {
    this.followers.push(follower);
  }

  async moved(move: UnitMove, tx: EntityManager): Promise<void> {
    for (const follow of this.followers) await follow(move, tx);
  }
}

/**
 * A value another module reads along with each unit of a page of children, in the page's own
 * statement, when the client asks for `field` of the children (the people module reads each
 * child's secretary so: a tree pull asks it of every unit). `sql` is a SQL expression of the
 * unit row `u`. `fits`, when given, says whether the column serves what the client asks under
 * `field` (a narrower column for a narrower selection); the first column of a field that fits
 * is read. The handle takes the value back off a unit: undefined when it was not read.
 */
export class ChildColumn<T> {
  constructor(
    readonly field: string,
    readonly sql: (unitAlias: string) => string,
    /** Where a unit keeps this column's value (OrgUnit.readAlong). */
    readonly slot: number,
    readonly fits?: (asked: ReadonlySet<string>) => boolean,
  ) {}

  of(unit: OrgUnit): T | undefined {
    return unit.readAlong?.[this.slot] as T | undefined;
  }
}

/** The columns modules read along with pages of children; added at start (onModuleInit). */
@Injectable()
export class ChildrenReadAlong {
  private readonly columns: ChildColumn<unknown>[] = [];

  add<T>(field: string, sql: (unitAlias: string) => string, fits?: (asked: ReadonlySet<string>) => boolean): ChildColumn<T> {
    const column = new ChildColumn<T>(field, sql, this.columns.length, fits);
    this.columns.push(column);
    return column;
  }

  /** For each field the client asks of the children, the first of its columns that fits what is asked under it. */
  askedFor(selection: NodeSelection): ChildColumn<unknown>[] {
    const chosen: ChildColumn<unknown>[] = [];
    for (const column of this.columns) {
      if (!selection.fields.has(column.field) || chosen.some((c) => c.field === column.field)) continue;
      if (!column.fits || column.fits(selection.under(column.field))) chosen.push(column);
    }
    return chosen;
  }
}
