import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** What an IP address is for, as far as sending webhooks to it goes: only `public` is allowed by default. */
export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'unspecified' | 'multicast' | 'reserved';

export class WebhookUrlError extends Error {
  override name = 'WebhookUrlError';
}

/** The endpoint resolves to an address outside the public internet and configuration does not allow that. */
export class AddressNotAllowedError extends Error {
  override name = 'AddressNotAllowedError';
}

type Range = readonly [prefix: readonly number[], bits: number, kind: AddressClass];

// Most specific first. IPv4 (RFC 6890 special-purpose registry, the parts that matter here).
const IPV4_RANGES: readonly Range[] = [
  [[0], 8, 'unspecified'], // "this network", 0.0.0.0
  [[127], 8, 'loopback'],
  [[10], 8, 'private'],
  [[172, 16], 12, 'private'],
  [[192, 168], 16, 'private'],
  [[100, 64], 10, 'private'], // shared address space (carrier-grade NAT)
  [[169, 254], 16, 'link-local'], // includes cloud metadata endpoints (169.254.169.254)
  [[192, 0, 0], 24, 'reserved'], // IETF protocol assignments
  [[192, 0, 2], 24, 'reserved'], // documentation
  [[198, 51, 100], 24, 'reserved'], // documentation
  [[203, 0, 113], 24, 'reserved'], // documentation
  [[198, 18], 15, 'reserved'], // benchmarking
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'], // future use, and 255.255.255.255 broadcast
];

// IPv6, as 16 bytes. The IPv4-embedding prefixes are handled before this table.
const IPV6_RANGES: readonly Range[] = [
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // discard-only
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'private'], // local-use IPv4/IPv6 translation
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x01, 0x00, 0x00], 32, 'reserved'], // Teredo: tunnels to an address we cannot check
  [[0xfc], 7, 'unique-local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // deprecated site-local
  [[0xff], 8, 'multicast'],
];

/** Classifies an IPv4 or IPv6 address (IPv6 may carry a zone, `%eth0`). Throws on anything else. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return classifyIpv4(ipv4Bytes(bare));
  if (family === 6) return classifyIpv6(ipv6Bytes(bare));
  throw new WebhookUrlError(`not an IP address: ${address}`);
}

function classifyIpv4(bytes: readonly number[]): AddressClass {
  return matchRanges(bytes, IPV4_RANGES) ?? 'public';
}

function classifyIpv6(bytes: readonly number[]): AddressClass {
  const isZero = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  if (isZero(0, 16)) return 'unspecified';
  if (isZero(0, 15) && bytes[15] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d: the IPv4 address is what gets reached.
  if (isZero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return classifyIpv4(bytes.slice(12));
  if (isZero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && isZero(10, 12)) return classifyIpv4(bytes.slice(12));
  // Deprecated IPv4-compatible ::a.b.c.d.
  if (isZero(0, 12)) return 'reserved';
  // NAT64 well-known prefix 64:ff9b::/96 and 6to4 2002::/16 embed an IPv4 address.
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return classifyIpv4(bytes.slice(12));
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyIpv4(bytes.slice(2, 6));
  return matchRanges(bytes, IPV6_RANGES) ?? 'public';
}

function matchRanges(bytes: readonly number[], ranges: readonly Range[]): AddressClass | undefined {
  return ranges.find(([prefix, bits]) => startsWith(bytes, prefix, bits))?.[2];
}

function startsWith(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const width = Math.min(8, bits - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** 16 bytes of a valid IPv6 address (checked with isIP before), including `::` and a trailing dotted quad. */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail.push(...ipv4Bytes(text.slice(lastColon + 1)));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').filter((g) => g !== '') : []);
  const headGroups = groups(head);
  const restGroups = groups(rest);
  const missing = 8 - headGroups.length - restGroups.length;
  const all = [...headGroups, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...restGroups];
  const bytes = all.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface CheckedTarget {
  url: URL;
  /** The address the request must connect to: checked here, pinned in the request (no second DNS answer). */
  address: string;
  family: 4 | 6;
}

/**
 * Parses the webhook URL, resolves its host and checks every address it resolves to. Unless private addresses are
 * allowed, a host with any address that is not public is refused (a mixed answer is refused whole), and so is a host
 * that resolves to nothing.
 */
export async function checkWebhookTarget(
  rawUrl: string,
  { allowPrivate, lookup = systemLookup }: { allowPrivate: boolean; lookup?: LookupAll },
): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookUrlError('the webhook URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookUrlError(`the webhook URL must be http(s), not ${url.protocol.replace(/:$/, '')}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookup(host);
  if (addresses.length === 0) throw new Error(`${host} resolves to no address`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind !== 'public') {
        const what = literal ? `${host} is a ${kind} address` : `${host} resolves to ${address}, a ${kind} address`;
        throw new AddressNotAllowedError(
          `refused: ${what} (webhooks go to public addresses only unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true)`,
        );
      }
    }
  }
  const [{ address, family }] = addresses;
  return { url, address, family: family === 6 ? 6 : 4 };
}
