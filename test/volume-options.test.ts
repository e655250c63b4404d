// ConfigMap and Secret volumes: items (key, path, mode), defaultMode and optional, checked as the
// API server checks them (validateKeyToPath: a relative path without '..'; modes from 0 to 0777).
import { VolumeSource } from '../lib';
import { CONFIG_KEY_RULE, KEY_PATH_RULE } from '../lib/validation/names';
import { chartWith, statefulWebObjects } from './helpers';

function volumeOf(source: VolumeSource) {
  const { chart, web } = chartWith({ image: 'bitnami/nginx' });
  web.addVolume('conf', source, '/conf', { readOnly: true });
  return statefulWebObjects(chart).podSpec.volumes[0];
}

describe('what they write', () => {
  test('without options, only the name, as before', () => {
    expect(volumeOf(VolumeSource.configMap('web-conf'))).toEqual({ name: 'conf', configMap: { name: 'web-conf' } });
    expect(volumeOf(VolumeSource.secret('web-tls'))).toEqual({ name: 'conf', secret: { secretName: 'web-tls' } });
  });

  test('a ConfigMap volume with items, defaultMode and optional (modes as the API has them: decimal)', () => {
    const source = VolumeSource.configMap('web-conf', {
      items: [
        { key: 'site.conf', path: 'conf.d/site.conf' },
        { key: 'run.sh', path: 'bin/run.sh', mode: 0o555 },
      ],
      defaultMode: 0o444,
      optional: true,
    });
    expect(volumeOf(source)).toEqual({
      name: 'conf',
      configMap: {
        name: 'web-conf',
        items: [
          { key: 'site.conf', path: 'conf.d/site.conf' },
          { key: 'run.sh', path: 'bin/run.sh', mode: 365 },
        ],
        defaultMode: 292,
        optional: true,
      },
    });
  });

  test('a Secret volume with items, defaultMode and optional', () => {
    const source = VolumeSource.secret('web-tls', {
      items: [{ key: 'tls.key', path: 'private/tls.key', mode: 0o400 }],
      defaultMode: 0o440,
      optional: false,
    });
    expect(volumeOf(source)).toEqual({
      name: 'conf',
      secret: { secretName: 'web-tls', items: [{ key: 'tls.key', path: 'private/tls.key', mode: 256 }], defaultMode: 288, optional: false },
    });
  });

  test('an empty list of items is accepted, as the API server accepts it (the kubelet projects every key)', () => {
    const written = volumeOf(VolumeSource.configMap('c', { items: [] })).configMap;
    expect(written.items ?? []).toEqual([]);
  });

  test('items whose paths only share a prefix, not a folder, are accepted', () => {
    expect(
      volumeOf(
        VolumeSource.secret('s', {
          items: [
            { key: 'a', path: 'conf' },
            { key: 'b', path: 'conf.d/a' },
            { key: 'c', path: 'config' },
          ],
        }),
      ).secret.items,
    ).toHaveLength(3);
  });

  test('modes 0 and 0777, the bounds, are written', () => {
    expect(volumeOf(VolumeSource.secret('s', { defaultMode: 0, items: [{ key: 'k', path: 'k', mode: 0o777 }] })).secret).toEqual({
      secretName: 's',
      defaultMode: 0,
      items: [{ key: 'k', path: 'k', mode: 511 }],
    });
  });

  test('the items given are copied: changing them later changes nothing', () => {
    const items = [{ key: 'a', path: 'a' }];
    const source = VolumeSource.configMap('c', { items });
    items.push({ key: 'b', path: 'b' });
    expect(volumeOf(source).configMap.items).toEqual([{ key: 'a', path: 'a' }]);
  });
});

describe('every bad input is refused, naming the argument', () => {
  const C = 'VolumeSource.configMap: ';
  const S = 'VolumeSource.secret: ';
  const cases: Array<[string, () => unknown, string]> = [
    [
      'defaultMode above 0777',
      () => VolumeSource.configMap('c', { defaultMode: 0o1000 }),
      `${C}invalid defaultMode 512: it must be a file mode from 0 to 0o777 (511 in decimal), e.g. 0o644.`,
    ],
    [
      'defaultMode written in decimal digits meant as octal (644)',
      () => VolumeSource.secret('s', { defaultMode: 644 }),
      `${S}invalid defaultMode 644: it must be a file mode from 0 to 0o777 (511 in decimal), e.g. 0o644.`,
    ],
    [
      'a negative defaultMode',
      () => VolumeSource.secret('s', { defaultMode: -1 }),
      `${S}invalid defaultMode -1: it must be a file mode from 0 to 0o777 (511 in decimal), e.g. 0o644.`,
    ],
    [
      'a fractional mode',
      () => VolumeSource.configMap('c', { items: [{ key: 'k', path: 'k', mode: 1.5 }] }),
      `${C}invalid items[0].mode 1.5: it must be a file mode from 0 to 0o777 (511 in decimal), e.g. 0o644.`,
    ],
    [
      'a defaultMode as a string (JavaScript)',
      () => VolumeSource.configMap('c', { defaultMode: '0644' as any }),
      `${C}invalid defaultMode "0644": it must be a number.`,
    ],
    [
      'an item path that is absolute',
      () => VolumeSource.secret('s', { items: [{ key: 'tls.crt', path: '/etc/tls.crt' }] }),
      `${S}invalid items[0].path "/etc/tls.crt": it must be ${KEY_PATH_RULE.allowed}.`,
    ],
    [
      'an item path with a ".." element',
      () => VolumeSource.configMap('c', { items: [{ key: 'k', path: 'conf/../../etc/passwd' }] }),
      `${C}invalid items[0].path "conf/../../etc/passwd": it must be ${KEY_PATH_RULE.allowed}.`,
    ],
    [
      'an item path starting with ".."',
      () => VolumeSource.configMap('c', { items: [{ key: 'k', path: '..data' }] }),
      `${C}invalid items[0].path "..data": it must be ${KEY_PATH_RULE.allowed}.`,
    ],
    [
      'an empty item path',
      () => VolumeSource.configMap('c', { items: [{ key: 'k', path: '' }] }),
      `${C}invalid items[0].path "": it must be ${KEY_PATH_RULE.allowed}.`,
    ],
    [
      'an item key with a slash',
      () => VolumeSource.configMap('c', { items: [{ key: 'conf/site', path: 'site.conf' }] }),
      `${C}invalid items[0].key "conf/site": it must be ${CONFIG_KEY_RULE.allowed}.`,
    ],
    [
      'an item without a key (JavaScript)',
      () => VolumeSource.secret('s', { items: [{ path: 'tls.crt' } as any] }),
      `${S}invalid items[0].key unset: it must be a string: KeyToPath requires it.`,
    ],
    [
      'two items with the same path',
      () =>
        VolumeSource.secret('s', {
          items: [
            { key: 'a', path: 'conf' },
            { key: 'b', path: 'conf' },
          ],
        }),
      `${S}invalid items[1].path "conf": it must be a path that is neither the path of another item nor a folder of one, nor inside one (items[0].path is "conf").`,
    ],
    [
      "an item path inside another item's",
      () =>
        VolumeSource.configMap('c', {
          items: [
            { key: 'a', path: 'conf' },
            { key: 'b', path: 'conf/extra.conf' },
          ],
        }),
      `${C}invalid items[1].path "conf/extra.conf": it must be a path that is neither the path of another item nor a folder of one, nor inside one (items[0].path is "conf").`,
    ],
    [
      "an item path that is a folder of another item's",
      () =>
        VolumeSource.configMap('c', {
          items: [
            { key: 'b', path: 'conf/extra.conf' },
            { key: 'a', path: 'conf' },
          ],
        }),
      `${C}invalid items[1].path "conf": it must be a path that is neither the path of another item nor a folder of one, nor inside one (items[0].path is "conf/extra.conf").`,
    ],
    [
      'items that are a map (JavaScript)',
      () => VolumeSource.secret('s', { items: { 'tls.crt': 'tls.crt' } as any }),
      `${S}invalid items {"tls.crt":"tls.crt"}: it must be a list whose items are each an object with the fields of KeyToPath.`,
    ],
    [
      'an item that is a string (JavaScript)',
      () => VolumeSource.configMap('c', { items: ['site.conf' as any] }),
      `${C}invalid items[0] "site.conf": it must be an object with the fields of KeyToPath.`,
    ],
    [
      'optional as a string (JavaScript)',
      () => VolumeSource.configMap('c', { optional: 'true' as any }),
      `${C}invalid optional "true": it must be true or false.`,
    ],
    [
      'options that are a string (JavaScript)',
      () => VolumeSource.secret('s', 'optional' as any),
      `${S}invalid options "optional": it must be an object with the fields of DataVolumeOptions.`,
    ],
  ];
  test.each(cases)('%s', (_, make, message) => {
    expect(make).toThrow(new Error(message));
  });
});
