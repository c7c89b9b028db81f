import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UnitMoves } from '../org/index.js';
import { VolunteersRepository } from './volunteers.repository.js';

/**
 * What volunteers plug into the tree's ports at start: a moved unit's figures (its subtree's
 * volunteers, hours, organisations, activities) leave its old parents' subtree roll-ups and
 * join its new parents' in the move's transaction.
 */
@Injectable()
export class VolunteerPorts implements OnModuleInit {
  constructor(
    private readonly repo: VolunteersRepository,
    private readonly unitMoves: UnitMoves,
  ) {}

  onModuleInit(): void {
    this.unitMoves.add((move, tx) => this.repo.moveSubtreeFigures(move.unitId, move.fromParentPath, move.toParentPath, tx));
  }
}
