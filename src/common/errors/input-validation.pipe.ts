import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { LruCache } from '../lru-cache.js';
import { badInput } from './domain-error.js';

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);

/**
 * Verdicts on small argument values, per argument class: a tree pull pages dozens of units'
 * children with the same `first: 100`, and class-validator's walk over the class's metadata
 * was a tenth of that query's CPU. Our validators are pure functions of the value, so a value
 * seen before gets the same verdict. Bounded and least recently used first out: values that
 * are used once (every submission's own input) pass through without pushing out the ones in
 * steady use.
 */
export const VERDICTS_KEPT = 5_000;
const SMALL_VALUE_CHARS = 256;
type Verdict = null | [path: string, message: string];
const verdicts = new LruCache<string, Verdict>(VERDICTS_KEPT);
/** Each argument class gets a number, so one cache holds every class's values apart. */
const classNumbers = new WeakMap<object, number>();
let classesSeen = 0;

function classNumber(metatype: object): number {
  let n = classNumbers.get(metatype);
  if (n === undefined) classNumbers.set(metatype, (n = ++classesSeen));
  return n;
}

/**
 * Validates every resolver argument whose type is a class (inputs and args) with
 * class-validator, and turns the first failure into BAD_USER_INPUT naming the field,
 * e.g. `code` or `first`.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only GraphQL arguments ('body' to Nest) are input; a field resolver's parent object,
    // context and info are ours, and copying them for every field was a third of the CPU
    // of a deep tree query.
    if (metadata.type !== 'body') return value;
    const { metatype } = metadata;
    if (!metatype || PRIMITIVES.has(metatype) || value === null || value === undefined || typeof value !== 'object') {
      return value;
    }
    // The contract names a field by its path inside the argument `input` (`code`,
    // `findings.1.location`); any other named argument prefixes it (`filter.status`).
    return validateInput(metatype as new () => object, value, metadata.data === 'input' ? undefined : metadata.data);
  }
}

/**
 * The argument value as an instance of its class once class-validator accepts it; otherwise
 * BAD_USER_INPUT naming the first field at fault (`code`, `first`). Also used by
 * hot fields (field maps), which take their arguments without NestJS's pipes.
 */
export async function validateInput<T extends object>(metatype: new () => T, value: object, argName?: string): Promise<T> {
  const instance = plainToInstance(metatype, value);
  const verdict = await verdictOn(metatype, value, instance);
  if (verdict) {
    const [path, message] = verdict;
    throw badInput(argName ? `${argName}.${path}` : path, message);
  }
  return instance;
}

async function verdictOn(metatype: object, value: object, instance: object): Promise<Verdict> {
  const valueKey = smallValueKey(value);
  const key = valueKey !== null ? `${classNumber(metatype)}:${valueKey}` : null;
  const known = key !== null ? verdicts.get(key) : undefined;
  if (known !== undefined) return known;
  const errors = await validate(instance, { forbidUnknownValues: false });
  const verdict: Verdict = errors.length > 0 ? firstFailure(errors) : null;
  if (key !== null) verdicts.set(key, verdict);
  return verdict;
}

/** How many verdicts are remembered now (for tests: the cache stays within VERDICTS_KEPT). */
export function rememberedVerdicts(): number {
  return verdicts.size;
}

/** The value as JSON when it is small enough to remember; null otherwise. */
function smallValueKey(value: object): string | null {
  try {
    const key = JSON.stringify(value);
    return key.length <= SMALL_VALUE_CHARS ? key : null;
  } catch {
    return null;
  }
}

function firstFailure(errors: ValidationError[], prefix = ''): [string, string] {
  const error = errors[0];
  const path = prefix ? `${prefix}.${error.property}` : error.property;
  if (error.constraints) {
    const message = Object.values(error.constraints)[0];
    return [path, message];
  }
  if (error.children?.length) return firstFailure(error.children, path);
  return [path, `${path} is invalid`];
}
