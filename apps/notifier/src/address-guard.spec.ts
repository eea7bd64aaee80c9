import { describe, expect, it } from '@jest/globals';
import { AddressNotAllowedError, checkWebhookTarget, classifyAddress, WebhookUrlError } from './address-guard.js';

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['100.128.0.1', 'public'],
    ['93.184.216.34', 'public'],
  ])('IPv4 %s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001:db8::1', 'reserved'],
    ['2001:4860:4860::8888', 'public'],
    ['2606:4700:4700::1111', 'public'],
  ])('IPv6 %s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('throws on something that is not an IP address', () => {
    expect(() => classifyAddress('example.org')).toThrow(WebhookUrlError);
  });
});

describe('webhook target check', () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses loopback, private and metadata addresses by default, naming the setting', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'https://10.0.0.5/hook',
      'http://169.254.169.254/',
    ]) {
      await expect(checkWebhookTarget(url, { allowPrivate: false })).rejects.toThrow(AddressNotAllowedError);
    }
    await expect(
      checkWebhookTarget('https://hooks.example/x', { allowPrivate: false, lookup: resolvesTo('127.0.0.1') }),
    ).rejects.toThrow(/loopback address .*WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true/);
  });

  it('refuses a host whose answer mixes a public and a private address', async () => {
    const lookup = resolvesTo('93.184.216.34', '192.168.0.1');
    await expect(checkWebhookTarget('https://hooks.example/x', { allowPrivate: false, lookup })).rejects.toThrow(
      AddressNotAllowedError,
    );
  });

  it('resolves localhost through DNS and refuses it', async () => {
    await expect(checkWebhookTarget('http://localhost:9/hook', { allowPrivate: false })).rejects.toThrow(
      AddressNotAllowedError,
    );
  });

  it('pins the first checked address of a public host', async () => {
    const target = await checkWebhookTarget('https://hooks.example/x?a=1', {
      allowPrivate: false,
      lookup: resolvesTo('2606:4700:4700::1111', '1.1.1.1'),
    });
    expect(target).toMatchObject({ address: '2606:4700:4700::1111', family: 6 });
    expect(target.url.pathname + target.url.search).toBe('/x?a=1');
  });

  it('allows private addresses when configured to', async () => {
    await expect(checkWebhookTarget('http://127.0.0.1:8080/hook', { allowPrivate: true })).resolves.toMatchObject({
      address: '127.0.0.1',
      family: 4,
    });
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(checkWebhookTarget('file:///etc/passwd', { allowPrivate: true })).rejects.toThrow(WebhookUrlError);
    await expect(checkWebhookTarget('not a url', { allowPrivate: true })).rejects.toThrow(WebhookUrlError);
  });
});
