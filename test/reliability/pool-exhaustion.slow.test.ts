import { describe } from 'vitest';
import { poolExhaustionSuite } from '../support/reliability/pool-exhaustion.js';

// The default pool size (10): 100 concurrent slow statements and requests, 1 s timeout.
describe('pool exhaustion (default pool of 10, 1 s statement timeout)', () => poolExhaustionSuite(10, 1_000));
