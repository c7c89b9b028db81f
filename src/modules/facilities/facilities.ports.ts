import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ArchiveChecks } from '../org/index.js';
import { FacilitiesRepository } from './facilities.repository.js';

/**
 * What facilities plug into the tree's ports at start: a courtyard whose facilities still
 * stand (IN_SERVICE or OUT_OF_SERVICE) is not archived; they are removed or moved first.
 */
@Injectable()
export class FacilityPorts implements OnModuleInit {
  constructor(
    private readonly repo: FacilitiesRepository,
    private readonly archiveChecks: ArchiveChecks,
  ) {}

  onModuleInit(): void {
    this.archiveChecks.add(async (unit, tx) =>
      (await this.repo.anyStandingInSubtree(unit.path, tx)) ? 'The courtyard still has facilities in place: remove or move them first' : null,
    );
  }
}
