// preStop: an exec, or a sleep written as an exec of `sleep N` (the `sleep` action is not in the
// Kubernetes 1.28 API), and a sleep that must end within terminationGracePeriod.
import { Duration } from 'cdk8s';
import { LifecycleHandler, StatefulWebProps } from '../lib';
import { k8sFields } from './k8s-fields';
import { chartWith, statefulWebObjects } from './helpers';

const W = 'StatefulWeb "test/web": ';
const image = 'bitnami/nginx';

function containerOf(props: Partial<StatefulWebProps>) {
  return statefulWebObjects(chartWith({ image, ...props }).chart).container;
}

function errorOf(make: () => unknown): string {
  try {
    make();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('what it writes', () => {
  test('no lifecycle unless set', () => {
    expect(containerOf({})).not.toHaveProperty('lifecycle');
  });

  test('an exec: the command as given', () => {
    expect(containerOf({ preStop: LifecycleHandler.exec(['/opt/bitnami/scripts/nginx/stop.sh', '--graceful']) }).lifecycle).toEqual({
      preStop: { exec: { command: ['/opt/bitnami/scripts/nginx/stop.sh', '--graceful'] } },
    });
  });

  test('a sleep: an exec of `sleep <seconds>`', () => {
    expect(containerOf({ preStop: LifecycleHandler.sleep(Duration.seconds(10)) }).lifecycle).toEqual({
      preStop: { exec: { command: ['sleep', '10'] } },
    });
  });

  test('a sleep of a minute within a grace period of two', () => {
    const container = containerOf({ preStop: LifecycleHandler.sleep(Duration.minutes(1)), terminationGracePeriod: Duration.minutes(2) });
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '60']);
  });

  test('a sleep one second shorter than the default grace period', () => {
    expect(containerOf({ preStop: LifecycleHandler.sleep(Duration.seconds(29)) }).lifecycle.preStop.exec.command).toEqual(['sleep', '29']);
  });

  test('the command given to exec is copied: changing the array later changes nothing', () => {
    const command = ['stop'];
    const handler = LifecycleHandler.exec(command);
    command.push('--now');
    expect(containerOf({ preStop: handler }).lifecycle.preStop.exec.command).toEqual(['stop']);
  });

  test('why a sleep is an exec: Kubernetes 1.28 has no sleep action (imports/k8s.ts is its schema)', () => {
    expect([...k8sFields().types.get('LifecycleHandler')!.keys()].sort()).toEqual(['exec', 'httpGet', 'tcpSocket']);
  });
});

describe('every bad input is refused, naming the prop', () => {
  const cases: Array<[string, () => unknown, string]> = [
    [
      'an exec without a command',
      () => LifecycleHandler.exec([]),
      'LifecycleHandler.exec: invalid command []: it must be a non-empty list of non-empty strings: the program, then its arguments (e.g. ["/bin/stop-server"]).',
    ],
    [
      'an exec with an empty program',
      () => LifecycleHandler.exec(['']),
      'LifecycleHandler.exec: invalid command [""]: it must be a non-empty list of non-empty strings: the program, then its arguments (e.g. ["/bin/stop-server"]).',
    ],
    [
      'an exec of a string (JavaScript)',
      () => LifecycleHandler.exec('nginx -s quit' as any),
      'LifecycleHandler.exec: invalid command "nginx -s quit": it must be a list whose items are each a string.',
    ],
    [
      'a sleep of zero',
      () => LifecycleHandler.sleep(Duration.seconds(0)),
      'LifecycleHandler.sleep: invalid duration Duration 0 seconds: it must be a whole number of seconds from 1 to 2147483647 (e.g. Duration.seconds(5)).',
    ],
    [
      'a sleep of half a second',
      () => LifecycleHandler.sleep(Duration.millis(500)),
      'LifecycleHandler.sleep: invalid duration Duration 500 millis: it must be a whole number of seconds from 1 to 2147483647 (e.g. Duration.seconds(5)).',
    ],
    [
      'a sleep of a number (JavaScript)',
      () => LifecycleHandler.sleep(5 as any),
      'LifecycleHandler.sleep: invalid duration 5: it must be a Duration (e.g. Duration.seconds(30)).',
    ],
    [
      'a sleep as long as the default grace period',
      () => chartWith({ image, preStop: LifecycleHandler.sleep(Duration.seconds(30)) }),
      `${W}invalid preStop sleep Duration 30 seconds: it must be shorter than terminationGracePeriod (30 seconds, Kubernetes' default when terminationGracePeriod is left out): the sleep counts against the grace period, and the server needs time to stop after it.`,
    ],
    [
      'a sleep longer than the grace period set',
      () => chartWith({ image, preStop: LifecycleHandler.sleep(Duration.seconds(45)), terminationGracePeriod: Duration.seconds(40) }),
      `${W}invalid preStop sleep Duration 45 seconds: it must be shorter than terminationGracePeriod (Duration 40 seconds): the sleep counts against the grace period, and the server needs time to stop after it.`,
    ],
    [
      'a sleep with a grace period of zero',
      () => chartWith({ image, preStop: LifecycleHandler.sleep(Duration.seconds(1)), terminationGracePeriod: Duration.seconds(0) }),
      `${W}invalid preStop sleep Duration 1 second: it must be shorter than terminationGracePeriod (Duration 0 seconds): the sleep counts against the grace period, and the server needs time to stop after it.`,
    ],
    [
      'a preStop that is a command array (JavaScript)',
      () => chartWith({ image, preStop: ['sleep', '5'] as any }),
      `${W}invalid preStop ["sleep","5"]: it must be a LifecycleHandler (LifecycleHandler.exec() or sleep()).`,
    ],
  ];
  test.each(cases)('%s', (_, make, message) => {
    expect(errorOf(make)).toBe(message);
  });

  test('an exec is not held to the grace period: its length is not known', () => {
    expect(
      errorOf(() => chartWith({ image, preStop: LifecycleHandler.exec(['sleep', '600']), terminationGracePeriod: Duration.seconds(5) })),
    ).toBe('');
  });
});
