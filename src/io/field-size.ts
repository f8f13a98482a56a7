/** Default longest accepted field: 1 MiB of UTF-8. */
export const DEFAULT_MAX_FIELD_BYTES = 1_048_576;

/**
 * Size of `text` in UTF-8 bytes when it exceeds `maxBytes`, else `undefined`.
 * Cheap for short strings: a string of n UTF-16 units has at most 3n UTF-8 bytes.
 */
export function oversizeBytes(text: string, maxBytes: number): number | undefined {
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > maxBytes ? bytes : undefined;
}
