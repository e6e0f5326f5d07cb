/**
 * A plan preview as it crosses the channel. Extension messages are sent as
 * JSON, and a preview of 20,000 domains written out row by row is about 5.5 MB:
 * nearly every row repeats the same source, severity, empty labels and empty
 * impact. Packed, each distinct row without its domain (its shape) is sent
 * once, the domains as one text, and each row as the number of its shape:
 * about a tenth of the bytes, and far less for both ends to write and read.
 * The background packs a reply whose value is a preview (`packReply`); the
 * pages' `sendIntent` unpacks it (`unpackReply`), so every other module sees
 * the `PlanPreview` it always saw.
 */
import type { Reply } from './errors';
import type { PlannedChangeView, PlanPreview } from './plans';

/** A row without its domain: what many rows share. */
type RowShape = Omit<PlannedChangeView, 'domain'>;

/** The rows of one side of a preview (`add` or `remove`), packed. */
interface PackedRows {
  /** The domains in order, joined by line breaks (a domain never holds one). */
  domains: string;
  shapes: RowShape[];
  /** For each row, the index of its shape. */
  shapeOf: number[];
}

/** A preview with its rows packed; `packedRows` tells it from a plain one. */
interface PackedPlanPreview extends Omit<PlanPreview, 'add' | 'remove'> {
  packedRows: 1;
  add: PackedRows;
  remove: PackedRows;
}

/**
 * The reply as it is sent: a preview's rows packed, anything else as it is.
 * @param reply - a handler's reply.
 */
export function packReply(reply: Reply<unknown>): Reply<unknown> {
  return reply.ok && isPlanPreview(reply.value) ? { ok: true, value: packPlanPreview(reply.value) } : reply;
}

/**
 * The reply as the background meant it: a packed preview's rows unpacked, anything else as it is.
 * @param reply - a reply as received.
 */
export function unpackReply<T>(reply: Reply<T>): Reply<T> {
  return reply.ok && isPackedPlanPreview(reply.value) ? { ok: true, value: unpackPlanPreview(reply.value) as T } : reply;
}

function isPlanPreview(value: unknown): value is PlanPreview {
  if (typeof value !== 'object' || value === null) return false;
  const { planId, add, remove } = value as Partial<Record<keyof PlanPreview, unknown>>;
  return typeof planId === 'string' && Array.isArray(add) && Array.isArray(remove);
}

function isPackedPlanPreview(value: unknown): value is PackedPlanPreview {
  return typeof value === 'object' && value !== null && (value as { packedRows?: unknown }).packedRows === 1;
}

function packPlanPreview(preview: PlanPreview): PackedPlanPreview {
  return { ...preview, packedRows: 1, add: packRows(preview.add), remove: packRows(preview.remove) };
}

function unpackPlanPreview(packed: PackedPlanPreview): PlanPreview {
  const { packedRows: _packed, add, remove, ...rest } = packed;
  return { ...rest, add: unpackRows(add), remove: unpackRows(remove) };
}

/**
 * Rows with the same shape share one entry. Each distinct value gets a number,
 * from a key of its content made once per value (rows that share a list of
 * sources or an impact object share its number at once), and a shape's key is
 * its fields' numbers in order; so a field added to the rows later is packed
 * too without being named here.
 */
function packRows(rows: readonly PlannedChangeView[]): PackedRows {
  const shapes: RowShape[] = [];
  const shapeOf: number[] = new Array<number>(rows.length);
  const domains: string[] = new Array<string>(rows.length);
  const shapeIndex = new Map<string, number>();
  const idOfContent = new Map<string, number>();
  const idOfObject = new Map<object, number>();
  const contentId = (key: string): number => {
    let id = idOfContent.get(key);
    if (id === undefined) {
      id = idOfContent.size;
      idOfContent.set(key, id);
    }
    return id;
  };
  const idOf = (value: unknown): number => {
    if (typeof value !== 'object' || value === null) return contentId(valueKey(value));
    let id = idOfObject.get(value);
    if (id === undefined) {
      id = contentId(Array.isArray(value) ? `[${value.map(idOf).join(',')}]` : valueKey(value));
      idOfObject.set(value, id);
    }
    return id;
  };
  let previous: { row: PlannedChangeView; shape: number } | undefined;
  rows.forEach((row, index) => {
    domains[index] = row.domain;
    // The rows of one list come one after another holding the very same values: the previous row's shape.
    if (previous && isSameShape(row, previous.row)) {
      shapeOf[index] = previous.shape;
      return;
    }
    let key = '';
    for (const field in row) {
      if (field !== 'domain') key += `${field}\u0000${idOf(row[field as keyof PlannedChangeView])}\u0001`;
    }
    let shape = shapeIndex.get(key);
    if (shape === undefined) {
      shape = shapes.length;
      const { domain: _domain, ...rest } = row;
      shapes.push(rest);
      shapeIndex.set(key, shape);
    }
    shapeOf[index] = shape;
    previous = { row, shape };
  });
  return { domains: domains.join('\n'), shapes, shapeOf };
}

/** Whether two rows hold the very same values (the same objects, not equal copies) in every field but the domain. */
function isSameShape(row: PlannedChangeView, other: PlannedChangeView): boolean {
  let fields = 0;
  for (const field in row) {
    if (row[field as keyof PlannedChangeView] !== other[field as keyof PlannedChangeView] && field !== 'domain') return false;
    fields += 1;
  }
  for (const _field in other) fields -= 1;
  return fields === 0;
}

/** The characters keys are joined with; a text holding one is keyed as JSON, which never does. */
const SEPARATORS = ['\u0000', '\u0001', '\u0002'];

/**
 * A key for a value other than a list, unique to it: a text as it is, an object of numbers and
 * empty lists (an impact cutting nobody) field by field, anything else as JSON.
 */
function valueKey(value: unknown): string {
  if (typeof value === 'string' && !SEPARATORS.some((separator) => value.includes(separator))) return `s${value}`;
  if (typeof value === 'object' && value !== null) {
    let key = 'o';
    for (const field in value) {
      const inner: unknown = (value as Record<string, unknown>)[field];
      if (typeof inner === 'number') key += `${field}\u0002n${inner}\u0002`;
      else if (Array.isArray(inner) && inner.length === 0) key += `${field}\u0002[]\u0002`;
      else return `j${JSON.stringify(value)}`;
    }
    return key;
  }
  return `j${JSON.stringify(value)}`;
}

function unpackRows(packed: PackedRows): PlannedChangeView[] {
  if (packed.shapeOf.length === 0) return [];
  const domains = packed.domains.split('\n');
  return packed.shapeOf.map((shape, index) => ({ domain: domains[index] as string, ...(packed.shapes[shape] as RowShape) }));
}
