// The name rules of lib/validation/names.ts against the cases of k8s.io/apimachinery/pkg/util/validation
// (validation_test.go): each rule accepts what the API server accepts and rejects what it rejects.
import {
  ANNOTATION_KEY_RULE,
  CONFIG_KEY_RULE,
  DEVICE_PATH_RULE,
  DNS1035_LABEL_RULE,
  DNS1123_LABEL_RULE,
  DNS1123_SUBDOMAIN_RULE,
  ENV_VAR_NAME_RULE,
  IANA_SVC_NAME_RULE,
  LABEL_KEY_RULE,
  LABEL_VALUE_RULE,
  NameRule,
  STATEFULSET_NAME_RULE,
  SUB_PATH_RULE,
} from '../lib/validation/names';

const cases: Array<[string, NameRule, string[], string[]]> = [
  [
    'DNS-1123 label',
    DNS1123_LABEL_RULE,
    ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '1-2', 'a'.repeat(63)],
    ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', 'a.b', 'a@b', 'a,b', 'a'.repeat(64)],
  ],
  ['StatefulSet name (DNS-1123 label of at most 52)', STATEFULSET_NAME_RULE, ['web', 'w'.repeat(52)], ['w'.repeat(53), 'Web']],
  [
    'DNS-1123 subdomain',
    DNS1123_SUBDOMAIN_RULE,
    ['a', 'ab', 'a1', 'a-1', 'a.a', 'a1.a', 'a-1.a--1--2--b', '0.a', 'a.0', '01.a', 'fast-ssd', 'example.com', 'a'.repeat(253)],
    ['', 'A', 'a.B', 'a-.a', '-a.a', 'a.-a', 'a.a-', '.a', 'a.', 'a..b', '_.a', 'a_.a', 'a@a', 'a,a', 'a'.repeat(254)],
  ],
  [
    'DNS-1035 label',
    DNS1035_LABEL_RULE,
    ['a', 'ab', 'a-1', 'a--1--2--b', 'nginx', 'a'.repeat(63)],
    ['', '0', '01', '1-2', 'A', 'a-', '-a', 'a_b', 'a.b', 'a'.repeat(64)],
  ],
  [
    'IANA service name',
    IANA_SVC_NAME_RULE,
    ['http', 'web', 'a-b', 'a1', '1a', 'web-server-http'],
    ['', '1', '12', '-a', 'a-', 'a--b', 'A', 'web_server', 'web-server-https'],
  ],
  [
    'label key',
    LABEL_KEY_RULE,
    [
      'app',
      'a',
      'A',
      'a-b',
      'a_b',
      'a.b',
      'a1',
      'app.kubernetes.io/name',
      'example.com/Tier',
      'a/b',
      `${'p'.repeat(253)}/app`,
      'k'.repeat(63),
    ],
    [
      '',
      '-a',
      'a-',
      '.a',
      '/a',
      'a/',
      'a/b/c',
      'a b',
      'Example.com/a',
      'a..b/c',
      `${'p'.repeat(254)}/app`,
      'k'.repeat(64),
      `example.com/${'k'.repeat(64)}`,
    ],
  ],
  // ValidateAnnotations: IsQualifiedName(strings.ToLower(key)), so the prefix may be in any case;
  // Go's ToLower also turns the Kelvin sign (U+212A) into k and the dotted capital I (U+0130) into i.
  [
    'annotation key',
    ANNOTATION_KEY_RULE,
    [
      'owner',
      'Owner',
      'example.com/owner',
      'Example.COM/Owner',
      'APP.KUBERNETES.IO/NAME',
      'a/b',
      `${'P'.repeat(253)}/app`,
      '\u212Aey',
      'example.\u212A8s.io/x',
      '\u0130d',
    ],
    [
      '',
      '-a',
      '/a',
      'a/',
      'a/b/c',
      'a b',
      'Example..com/a',
      `${'p'.repeat(254)}/app`,
      `example.com/${'k'.repeat(64)}`,
      '\u00C9t\u00E9',
      '\u212B',
    ],
  ],
  [
    'ConfigMap and Secret key',
    CONFIG_KEY_RULE,
    ['a', 'db.host', '.a', 'a..b', '_-.', 'k'.repeat(253)],
    ['', '.', '..', '..a', 'a/b', 'a b', 'k'.repeat(254)],
  ],
  ['environment variable name', ENV_VAR_NAME_RULE, ['A', 'LOG_LEVEL', 'a.b-c', '_1', '.a'], ['', '1A', '.', '..', '..A', 'A=B', 'A B']],
  // validateLocalDescendingPath
  [
    'volume mount subPath',
    SUB_PATH_RULE,
    ['', 'a', 'conf/nginx.conf', 'a..b', '..a', 'a/...', './a'],
    ['/a', '..', '../a', 'a/..', 'a/../b', '/'],
  ],
  // ValidateVolumeDevices (and absolute, as every path StatefulWeb mounts)
  ['block device path', DEVICE_PATH_RULE, ['/dev/xvda', '/dev/..sdb', '/'], ['dev/xvda', '', '/dev/../xvda', '/dev/sdb/..']],
  ['label value', LABEL_VALUE_RULE, ['', 'a', 'A', 'nginx-1', 'a.b_c-d', 'v'.repeat(63)], ['-a', 'a-', '_a', 'a b', 'a/b', 'v'.repeat(64)]],
];

describe.each(cases)('%s', (_, rule, valid, invalid) => {
  test.each(valid)('accepts %j', (value) => expect(rule.test(value)).toBe(true));
  test.each(invalid)('rejects %j', (value) => expect(rule.test(value)).toBe(false));
});
