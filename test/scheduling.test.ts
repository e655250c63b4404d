// nodeSelector, tolerations and priorityClassName: what each writes on the pod template, and every
// bad input, refused with the rules of the API server's ValidateTolerations and label checks.
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { StatefulWebProps, TaintEffect, Toleration, TolerationOperator } from '../lib';
import { DNS1123_SUBDOMAIN_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE } from '../lib/validation/names';
import { chartWith, statefulWebObjects } from './helpers';

const W = 'StatefulWeb "test/web": ';
const image = 'bitnami/nginx';

function podSpecOf(props: Partial<StatefulWebProps>) {
  return statefulWebObjects(chartWith({ image, ...props }).chart).podSpec;
}

function errorOf(props: Partial<StatefulWebProps>): string {
  try {
    chartWith({ image, ...props });
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('what they write', () => {
  test('none of the fields unless set', () => {
    const spec = podSpecOf({});
    expect(spec).not.toHaveProperty('nodeSelector');
    expect(spec).not.toHaveProperty('tolerations');
    expect(spec).not.toHaveProperty('priorityClassName');
  });

  test('nodeSelector, as given', () => {
    expect(podSpecOf({ nodeSelector: { disktype: 'ssd', 'kubernetes.io/arch': 'amd64' } }).nodeSelector).toEqual({
      disktype: 'ssd',
      'kubernetes.io/arch': 'amd64',
    });
  });

  test('an empty nodeSelector writes no field', () => {
    expect(podSpecOf({ nodeSelector: {} })).not.toHaveProperty('nodeSelector');
  });

  test('priorityClassName, as given', () => {
    expect(podSpecOf({ priorityClassName: 'web-critical' }).priorityClassName).toBe('web-critical');
  });

  test("tolerations in Kubernetes' field names, tolerationSeconds in seconds, unset fields left out", () => {
    const tolerations: Toleration[] = [
      { key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'web', effect: TaintEffect.NO_SCHEDULE },
      { key: 'dedicated', value: 'web', effect: TaintEffect.PREFER_NO_SCHEDULE },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: TolerationOperator.EXISTS,
        effect: TaintEffect.NO_EXECUTE,
        tolerationSeconds: Duration.minutes(5),
      },
      { operator: TolerationOperator.EXISTS },
    ];
    expect(podSpecOf({ tolerations }).tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'web', effect: 'PreferNoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { operator: 'Exists' },
    ]);
  });

  test('an empty key with Exists (tolerate every taint) is accepted, as the API server accepts it', () => {
    expect(podSpecOf({ tolerations: [{ key: '', operator: TolerationOperator.EXISTS }] }).tolerations).toEqual([
      { key: '', operator: 'Exists' },
    ]);
  });

  test('tolerationSeconds of zero (evict at once) is written', () => {
    const tolerations = [{ key: 'k', effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.seconds(0) }];
    expect(podSpecOf({ tolerations }).tolerations).toEqual([{ key: 'k', effect: 'NoExecute', tolerationSeconds: 0 }]);
  });
});

describe('every bad input is refused, naming the prop', () => {
  const cases: Array<[string, Partial<StatefulWebProps>, string]> = [
    [
      'a nodeSelector key with a space',
      { nodeSelector: { 'disk type': 'ssd' } },
      `${W}invalid nodeSelector key "disk type": it must be ${LABEL_KEY_RULE.allowed}.`,
    ],
    [
      'a nodeSelector value of 64 characters',
      { nodeSelector: { disktype: 's'.repeat(64) } },
      `${W}invalid nodeSelector["disktype"] "${'s'.repeat(64)}": it must be ${LABEL_VALUE_RULE.allowed}.`,
    ],
    [
      'a nodeSelector that is a list (JavaScript)',
      { nodeSelector: ['disktype=ssd'] as any },
      `${W}invalid nodeSelector ["disktype=ssd"]: it must be an object whose values are each a string (e.g. { "app": "web" }).`,
    ],
    [
      'a nodeSelector value that is a number (JavaScript)',
      { nodeSelector: { cores: 8 } as any },
      `${W}invalid nodeSelector["cores"] 8: it must be a string.`,
    ],
    [
      'a priorityClassName in upper case',
      { priorityClassName: 'High' },
      `${W}invalid priorityClassName "High": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    [
      'a priorityClassName longer than 253 characters',
      { priorityClassName: 'p'.repeat(254) },
      `${W}invalid priorityClassName "${'p'.repeat(254)}": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    [
      'a priorityClassName that is a number (JavaScript)',
      { priorityClassName: 1000 as any },
      `${W}invalid priorityClassName 1000: it must be a string.`,
    ],
    [
      'tolerations that are not a list (JavaScript)',
      { tolerations: { key: 'dedicated' } as any },
      `${W}invalid tolerations {"key":"dedicated"}: it must be a list whose items are each an object with the fields of Toleration.`,
    ],
    [
      'a toleration that is a string (JavaScript)',
      { tolerations: ['dedicated=web:NoSchedule' as any] },
      `${W}invalid tolerations[0] "dedicated=web:NoSchedule": it must be an object with the fields of Toleration.`,
    ],
    [
      'a toleration key that is not a label key',
      { tolerations: [{ key: 'dedicated node', operator: TolerationOperator.EXISTS }] },
      `${W}invalid tolerations[0].key "dedicated node": it must be ${LABEL_KEY_RULE.allowed}.`,
    ],
    [
      'an unknown operator (JavaScript)',
      { tolerations: [{ key: 'k', operator: 'In' as TolerationOperator }] },
      `${W}invalid tolerations[0].operator "In": it must be one of Exists, Equal.`,
    ],
    [
      'an unknown effect (JavaScript)',
      { tolerations: [{ key: 'k', effect: 'NoScheduleNoAdmit' as TaintEffect }] },
      `${W}invalid tolerations[0].effect "NoScheduleNoAdmit": it must be one of NoSchedule, PreferNoSchedule, NoExecute.`,
    ],
    [
      'no key, and the operator left out (Equal)',
      { tolerations: [{ value: 'web', effect: TaintEffect.NO_SCHEDULE }] },
      `${W}invalid tolerations[0].operator unset: it must be TolerationOperator.EXISTS when the key is left out or empty: a toleration without a key matches every taint key, and so every value.`,
    ],
    [
      'an empty key, with operator Equal',
      { tolerations: [{ key: '', operator: TolerationOperator.EQUAL, value: 'web' }] },
      `${W}invalid tolerations[0].operator "Equal": it must be TolerationOperator.EXISTS when the key is left out or empty: a toleration without a key matches every taint key, and so every value.`,
    ],
    [
      'no key, with operator Equal',
      { tolerations: [{ operator: TolerationOperator.EQUAL, value: 'web' }] },
      `${W}invalid tolerations[0].operator "Equal": it must be TolerationOperator.EXISTS when the key is left out or empty: a toleration without a key matches every taint key, and so every value.`,
    ],
    [
      'operator Exists with a value',
      { tolerations: [{ key: 'dedicated', operator: TolerationOperator.EXISTS, value: 'web' }] },
      `${W}invalid tolerations[0].value "web": it must be left out with TolerationOperator.EXISTS, which matches every value of the key.`,
    ],
    [
      'a value that is not a label value',
      { tolerations: [{ key: 'dedicated', value: 'web server' }] },
      `${W}invalid tolerations[0].value "web server": it must be ${LABEL_VALUE_RULE.allowed}.`,
    ],
    [
      'tolerationSeconds with effect NoSchedule',
      { tolerations: [{ key: 'k', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: Duration.seconds(60) }] },
      `${W}invalid tolerations[0].effect "NoSchedule": it must be TaintEffect.NO_EXECUTE when tolerationSeconds is set: only a NoExecute taint evicts a pod after a time.`,
    ],
    [
      'tolerationSeconds without an effect',
      { tolerations: [{ key: 'k', tolerationSeconds: Duration.seconds(60) }] },
      `${W}invalid tolerations[0].effect unset: it must be TaintEffect.NO_EXECUTE when tolerationSeconds is set: only a NoExecute taint evicts a pod after a time.`,
    ],
    [
      'tolerationSeconds of a second and a half',
      { tolerations: [{ key: 'k', effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.millis(1500) }] },
      `${W}invalid tolerations[0].tolerationSeconds Duration 1 second 500 millis: it must be a whole number of seconds from 0 to 9007199254740991 (e.g. Duration.seconds(5)).`,
    ],
    [
      'tolerationSeconds as a number (JavaScript)',
      { tolerations: [{ key: 'k', effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 300 as any }] },
      `${W}invalid tolerations[0].tolerationSeconds 300: it must be a Duration (e.g. Duration.seconds(30)).`,
    ],
    [
      'the second toleration bad, the first fine',
      {
        tolerations: [
          { key: 'a', operator: TolerationOperator.EXISTS },
          { key: 'b', operator: TolerationOperator.EXISTS, value: 'x' },
        ],
      },
      `${W}invalid tolerations[1].value "x": it must be left out with TolerationOperator.EXISTS, which matches every value of the key.`,
    ],
  ];
  test.each(cases)('%s', (_, props, message) => {
    expect(errorOf(props)).toBe(message);
  });
});

test('property: a toleration is refused exactly when the API server would refuse it', () => {
  const key = fc.constantFrom(undefined, 'dedicated', 'node.kubernetes.io/unreachable');
  const operator = fc.constantFrom(undefined, TolerationOperator.EQUAL, TolerationOperator.EXISTS);
  const value = fc.constantFrom(undefined, '', 'web');
  const effect = fc.constantFrom(undefined, TaintEffect.NO_SCHEDULE, TaintEffect.PREFER_NO_SCHEDULE, TaintEffect.NO_EXECUTE);
  const seconds = fc.constantFrom(undefined, 0, 300);
  fc.assert(
    fc.property(key, operator, value, effect, seconds, (k, o, v, e, s) => {
      const toleration: Toleration = {
        key: k,
        operator: o,
        value: v,
        effect: e,
        tolerationSeconds: s === undefined ? undefined : Duration.seconds(s),
      };
      // ValidateTolerations (pkg/apis/core/validation), for these keys and values.
      const apiRefuses =
        (k === undefined && o !== TolerationOperator.EXISTS) ||
        (s !== undefined && e !== TaintEffect.NO_EXECUTE) ||
        (o === TolerationOperator.EXISTS && v !== undefined && v !== '');
      expect(errorOf({ tolerations: [toleration] }) !== '').toBe(apiRefuses);
    }),
  );
});
