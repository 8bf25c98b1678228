// Request and expected bodies from their case-file descriptions.
import type { BodySpec } from '../case/schema.ts';
import { renderTemplate, type TemplateValues } from '../case/template.ts';

/** Byte i of the endless pattern. 251 is prime, so no power-of-two part or buffer size aligns with it. */
function patternByte(index: number): number {
  return (index * 7 + 3) % 251;
}

export function patternBytes(from: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = patternByte(from + i);
  return bytes;
}

export function materializeBody(spec: BodySpec, values: TemplateValues): Buffer {
  if (typeof spec === 'string') return Buffer.from(renderTemplate(spec, values), 'utf8');
  if ('pattern' in spec) return patternBytes(spec.pattern.from, spec.pattern.length);
  return Buffer.from(spec.base64, 'base64');
}
