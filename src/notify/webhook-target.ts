/**
 * Where a webhook may go. A recipient's URL is written by a client or partner admin, and the server POSTs
 * to it from inside the operator's network: without a guard an admin could make Accord reach the
 * database, a metadata service or an admin console there (server-side request forgery), and read the
 * start of its answer in the dead-letter list. So loopback, private, link-local, shared (CGNAT),
 * multicast and reserved addresses are refused, checked on the address the name resolves to at the moment
 * of sending (a name that resolves to an inside address later is refused then, too).
 * `ACCORD_WEBHOOK_ALLOW_PRIVATE=true` lifts it, for receivers on the operator's own network.
 */
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const INSIDE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INSIDE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127], // :: and ::1
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  INSIDE.addSubnet(net, prefix, 'ipv6');

/** Whether `address` (an IPv4 or IPv6 literal) lies inside a network rather than on the internet. */
export function isInsideAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped !== null) return INSIDE.check(mapped[1]!, 'ipv4');
  const family = isIP(bare);
  if (family === 0) return false;
  return INSIDE.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

export class InsideTargetError extends Error {
  constructor(host: string, address: string) {
    super(
      `webhook ${host} resolves to ${address}, an address inside a private network: refused ` +
        '(set ACCORD_WEBHOOK_ALLOW_PRIVATE=true on the server to allow such receivers)',
    );
    this.name = 'InsideTargetError';
  }
}

/** Refuses a URL whose host is an inside address literal (names are checked when resolved). */
export function checkTargetHost(target: URL): void {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isInsideAddress(host)) throw new InsideTargetError(target.host, host);
  if (host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost'))
    throw new InsideTargetError(target.host, 'loopback');
}

/** `base` (the system's resolver by default), failing when any address it gives is an inside one. */
export function outsideOnlyLookup(base: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, ((err: NodeJS.ErrnoException | null, address: unknown, family?: number) => {
      if (err !== null) {
        callback(err, address as string, family);
        return;
      }
      const addresses = Array.isArray(address)
        ? (address as { address: string }[]).map((a) => a.address)
        : [address as string];
      const inside = addresses.find(isInsideAddress);
      if (inside !== undefined) {
        callback(new InsideTargetError(hostname, inside), address as string, family);
        return;
      }
      callback(null, address as string, family);
    }) as Parameters<LookupFunction>[2]);
  };
}
