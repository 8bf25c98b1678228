// Request and expected bodies from their case-file descriptions.
import type { BodySpec } from '../case/schema.ts';
import { renderTemplate, type TemplateValues } from '../case/template.ts';

/** Byte i of the endless pattern. 251 is prime, so no power-of-two part or buffer size aligns with it. */
const PERIOD = 251;
const patternByte = (index: number) => (index * 7 + 3) % PERIOD;

// The pattern repeats every 251 bytes, so every slice of it is a view into one shared buffer,
// grown to the longest slice asked for: bodies of several MiB cost no copy and no memory per
// request. The views are read-only by convention (nothing in the engine writes to a body).
let pattern = Buffer.alloc(0);

export function patternBytes(from: number, length: number): Buffer {
  const start = from % PERIOD;
  if (pattern.length < start + length) {
    const size = Math.max(start + length, 2 * pattern.length, 64 * 1024) + PERIOD;
    pattern = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i++) pattern[i] = patternByte(i);
  }
  return pattern.subarray(start, start + length);
}

export function materializeBody(spec: BodySpec, values: TemplateValues): Buffer {
  if (typeof spec === 'string') return Buffer.from(renderTemplate(spec, values), 'utf8');
  if ('pattern' in spec) return patternBytes(spec.pattern.from, spec.pattern.length);
  return Buffer.from(spec.base64, 'base64');
}
