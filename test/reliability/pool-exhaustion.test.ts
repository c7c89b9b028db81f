import { describe } from 'vitest';
import { poolExhaustionSuite } from '../support/reliability/pool-exhaustion.js';

// A small pool and a short timeout keep this fast; the slow file runs the default pool size.
describe('pool exhaustion (pool of 3, 300 ms statement timeout)', () => poolExhaustionSuite(3, 300));
