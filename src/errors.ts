/**
 * Typed errors of goods-find-people. Every error the library throws on purpose is a
 * {@link GfpError} with a stable `code`, so callers can branch without parsing messages.
 */

/** Stable machine-readable codes carried by every library error. */
export type GfpErrorCode = 'VALIDATION' | 'CONFIG' | 'DATA' | 'NOT_FITTED' | 'NOT_FOUND' | 'FORMAT';

/**
 * The brand every library error class puts on its prototype, under a registry symbol shared by
 * every copy of the library in a process (the ESM and the CommonJS build, two installed versions),
 * so `instanceof` holds across them.
 */
const BRAND: unique symbol = Symbol.for('goods-find-people.error') as never;

/** The brands (class names) on the prototype chain of `value`, nearest first. */
function brandsOf(value: object): string[] {
  const out: string[] = [];
  for (let proto = Object.getPrototypeOf(value) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    const own = Object.getOwnPropertyDescriptor(proto, BRAND);
    if (own !== undefined && typeof own.value === 'string') out.push(own.value);
  }
  return out;
}

/**
 * Marks `cls` as the library error class `name`: sets `name` on its prototype and on the class
 * itself (so both survive minification and a bundler's renaming) and the brand that
 * {@link GfpError}'s `instanceof` check reads.
 */
function brand(cls: abstract new (...args: never[]) => GfpError, name: string): void {
  Object.defineProperty(cls, 'name', { value: name, configurable: true });
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(cls.prototype, BRAND, { value: name });
}

/**
 * Base class of all library errors; `code` says which kind it is. `instanceof` works across
 * copies of the library loaded in one process (the ESM and the CommonJS build): an error from
 * either is an instance of the same-named class of the other.
 */
export class GfpError extends Error {
  /** Stable code for programmatic handling. */
  readonly code: GfpErrorCode;

  constructor(code: GfpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** True for instances of this class, also when they come from another copy of the library. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const own = Object.getOwnPropertyDescriptor(this.prototype, BRAND);
    return own !== undefined && brandsOf(value).includes(own.value as string);
  }
}
brand(GfpError, 'GfpError');

/** One problem with one input record: where it came from, which field, what value, and why. */
export interface ValidationIssue {
  /** Where the record came from: a file path, or a label such as `events` for in-memory arrays. */
  readonly source: string;
  /** 1-based physical line in the source file, when the record came from a file. */
  readonly line?: number;
  /** 0-based position in the input array or stream of records. */
  readonly index?: number;
  /** Dotted path of the offending field (`timestamp`, `heat.2.count`), or `''` for the whole record. */
  readonly field: string;
  /** The offending value as received (strings longer than 200 characters are cut). */
  readonly value?: unknown;
  /** Human-readable reason, e.g. `expected a non-empty string`. */
  readonly reason: string;
}

/** Formats one issue as `source:line field "value": reason`. */
export function formatIssue(issue: ValidationIssue): string {
  const where =
    issue.line !== undefined
      ? `${issue.source}:${issue.line}`
      : issue.index !== undefined
        ? `${issue.source}[${issue.index}]`
        : issue.source;
  const field = issue.field === '' ? 'record' : `field "${issue.field}"`;
  const value = issue.value === undefined ? '' : ` (got ${previewValue(issue.value)})`;
  return `${where}: ${field}${value}: ${issue.reason}`;
}

/** Longest preview of a received value in a message, in characters. */
const PREVIEW_LENGTH = 200;
/** Levels of nested arrays and objects a preview shows (deeper ones are written `[...]` / `{...}`). */
const PREVIEW_DEPTH = 3;
/** Items per array or object a preview shows. */
const PREVIEW_ITEMS = 10;

/**
 * Short, safe rendering of a received value for error messages: JSON-like, at most 200
 * characters, 3 levels and 10 items per level, so any value (nested 100,000 deep, cyclic, with
 * throwing getters) renders in bounded time and stack.
 *
 * @example previewValue([[['deep']]]) // '[[[...]]]'
 */
export function previewValue(value: unknown): string {
  let text: string;
  try {
    text = render(value, PREVIEW_DEPTH);
  } catch {
    text = `[${typeof value}]`;
  }
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 3)}...` : text;
}

function render(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > PREVIEW_LENGTH ? value.slice(0, PREVIEW_LENGTH) : value);
    case 'number':
      // JSON would print NaN and the infinities as null.
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'function':
    case 'symbol':
      return `[${typeof value}]`;
  }
  if (value === null) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (depth === 0) return '[...]';
    const items = value.slice(0, PREVIEW_ITEMS).map((v: unknown) => render(v, depth - 1));
    if (value.length > PREVIEW_ITEMS) items.push('...');
    return `[${items.join(',')}]`;
  }
  const keys = Object.keys(value as object);
  if (keys.length === 0) return '{}';
  if (depth === 0) return '{...}';
  const items = keys.slice(0, PREVIEW_ITEMS).map((k) => `${JSON.stringify(k)}:${render((value as Record<string, unknown>)[k], depth - 1)}`);
  if (keys.length > PREVIEW_ITEMS) items.push('...');
  return `{${items.join(',')}}`;
}

/** Input records failed their schema; `issues` lists every problem found. */
export class ValidationError extends GfpError {
  /** Every problem found, in input order. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], message?: string) {
    const first = issues[0];
    const head = first === undefined ? 'invalid input' : formatIssue(first);
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
    super('VALIDATION', message ?? `${head}${more}`);
    this.issues = issues;
  }
}
brand(ValidationError, 'ValidationError');

/** One problem in a configuration: the dotted JSON path of the key and what is wrong with it. */
export interface ConfigIssue {
  /** Dotted path of the offending key (`models.0.signals.0.factors`), or `''` for the whole config. */
  readonly path: string;
  /** Why, readable; may already name the path. */
  readonly message: string;
}

/** Formats one config issue as `path: message` (the message alone when it already names the path). */
export function formatConfigIssue(issue: ConfigIssue): string {
  return issue.path === '' || namesPath(issue.message, issue.path) ? issue.message : `${issue.path}: ${issue.message}`;
}

/** Whether `message` names `path` as a whole key path (`n` is not named by "expected number"). */
function namesPath(message: string, path: string): boolean {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s("'])${escaped}([\\s:)."',]|$)`).test(message);
}

/** A configuration object is invalid or asks for something the component cannot do. */
export class ConfigError extends GfpError {
  /** Dotted path of the offending config key, when known (the first issue's path). */
  readonly path: string | undefined;
  /** Every problem found, in order; `message` and `path` describe the first. */
  readonly issues: readonly ConfigIssue[];

  constructor(message: string, path?: string, issues?: readonly ConfigIssue[]) {
    super('CONFIG', message);
    this.path = path;
    this.issues = issues ?? [{ path: path ?? '', message }];
  }

  /**
   * One error for several issues (at least one): the message gives the first, then lists the rest,
   * e.g. `eval config: k: too small (and 2 more issues: metrics.1: unknown metric "x"; ...)`.
   */
  static fromIssues(component: string, issues: readonly ConfigIssue[]): ConfigError {
    const [first, ...rest] = issues;
    const head = first === undefined ? 'invalid config' : formatConfigIssue(first);
    const more = rest.length === 0 ? '' : ` (and ${rest.length} more issue${rest.length > 1 ? 's' : ''}: ${rest.map(formatConfigIssue).join('; ')})`;
    return new ConfigError(`${component} config: ${head}${more}`, first?.path, issues);
  }
}
brand(ConfigError, 'ConfigError');

/** The data is well-formed record by record but inconsistent as a whole (unknown ids, empty sets). */
export class DataError extends GfpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DATA', message, options);
  }
}
brand(DataError, 'DataError');

/** A model or recommender was used before `fit()`. */
export class NotFittedError extends GfpError {
  constructor(component: string) {
    super('NOT_FITTED', `${component} is not fitted: call fit() first`);
  }
}
brand(NotFittedError, 'NotFittedError');

/** A requested id is unknown to the fitted model. */
export class NotFoundError extends GfpError {
  /** The kind of id (`user`, `product`, `merchant`). */
  readonly kind: string;
  /** The id that was not found. */
  readonly id: string;

  constructor(kind: string, id: string) {
    super('NOT_FOUND', `unknown ${kind} id ${previewValue(id)}`);
    this.kind = kind;
    this.id = id;
  }
}
brand(NotFoundError, 'NotFoundError');

/** A serialised model or data file is corrupt, truncated or of an unsupported version. */
export class FormatError extends GfpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('FORMAT', message, options);
  }
}
brand(FormatError, 'FormatError');
