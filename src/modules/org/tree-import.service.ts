import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import { TreeFileFormatName, type ImportOrgUnitsInput, type TreeImportReport } from './dtos/tree-import.dto.js';
import { formatProblem, parseTreeFile, type ImportProblem } from './import/tree-file.js';
import { importTreeInTransaction, TreeImportError, type ImportSummary } from './import/tree-import.js';
import { LEVELS_TOP_DOWN, OrgLevel } from './org-unit.model.js';
import { OrgRepository } from './org.repository.js';

/**
 * `importOrgUnits`: the CLI's tree import (all rows or none, every bad row reported with
 * its line or feature) for admins in the console. A STREET_ADMIN imports inside their
 * street: a parent outside it is NOT_FOUND and a street committee FORBIDDEN, as for
 * createOrgUnit.
 */
@Injectable()
export class TreeImportService {
  constructor(
    private readonly repo: OrgRepository,
    private readonly tx: Transactions,
    private readonly policy: Policy,
    private readonly audit: AuditService,
  ) {}

  async importFile(actor: Actor, input: ImportOrgUnitsInput): Promise<TreeImportReport> {
    this.policy.assertMayManageTree(actor);
    const parsed = parseTreeFile(input.text, input.format === TreeFileFormatName.CSV ? 'csv' : 'geojson');
    if (parsed.rows.some((row) => row.level === OrgLevel.STREET_COMMITTEE)) this.policy.assertMayCreateStreet(actor);
    if (parsed.rows.length === 0) {
      return failed(parsed.problems.length > 0 ? parsed.problems : [{ at: null, message: 'the file holds no units' }]);
    }
    try {
      const summary = await this.tx.run(async (tx) => {
        const inFile = new Set(parsed.rows.map((row) => row.code));
        const named = [...new Set(parsed.rows.map((row) => row.parentCode).filter((c): c is string => !!c && !inFile.has(c)))];
        for (const parent of named.length > 0 ? await this.repo.findByCodes(named, tx) : []) {
          this.policy.assertTreeTargetInScope(actor, parent.path, 'Parent org unit');
        }
        const done = await importTreeInTransaction(tx, parsed);
        await this.audit.record(
          { action: 'ORG_UNITS_IMPORTED', actor, targetType: 'OrgUnit', unitPath: actor.scopePath ?? null, summary: { total: done.total, byLevel: done.byLevel } },
          tx,
        );
        return done;
      });
      return imported(summary);
    } catch (error) {
      if (error instanceof TreeImportError) return failed(error.problems);
      throw error;
    }
  }
}

function imported(summary: ImportSummary): TreeImportReport {
  return {
    imported: true,
    total: summary.total,
    byLevel: LEVELS_TOP_DOWN.map((level) => ({ level, count: summary.byLevel[level] })),
    problems: [],
  };
}

function failed(problems: ImportProblem[]): TreeImportReport {
  return {
    imported: false,
    total: 0,
    byLevel: LEVELS_TOP_DOWN.map((level) => ({ level, count: 0 })),
    problems: problems.map((p) => ({
      line: p.at?.kind === 'line' ? p.at.number : null,
      feature: p.at?.kind === 'feature' ? p.at.number : null,
      message: p.message,
      text: formatProblem(p),
    })),
  };
}
