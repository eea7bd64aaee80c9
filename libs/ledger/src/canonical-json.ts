import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) canonical JSON: one byte sequence per JSON value, whatever the key order or number spelling. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('a value with no JSON form has no canonical JSON');
  return text;
}
