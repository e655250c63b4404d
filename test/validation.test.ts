import { Size, Testing } from 'cdk8s';
import { AccessMode, StatefulWeb, StatefulWebProps } from '../lib';

/** Constructs a StatefulWeb with id `web` in a chart `test`. */
function construct(props: StatefulWebProps, id = 'web') {
  return new StatefulWeb(Testing.chart(), id, props);
}

const valid: StatefulWebProps = { image: 'bitnami/nginx' };

test('a whole message names the construct and the prop, shows the value and says what is allowed', () => {
  expect(() => construct({ ...valid, replicas: -1 })).toThrow(
    'StatefulWeb "test/web": invalid replicas -1: it must be an integer of at least 0.');
});

describe('every rule rejects a value that breaks it', () => {
  // [rule, props, id, fragments the message must contain]
  const cases: Array<[string, StatefulWebProps, string, string[]]> = [
    ['image empty', { image: '' }, 'web', ['invalid image ""', 'non-empty container image reference']],
    ['image with whitespace', { image: 'nginx latest' }, 'web', ['invalid image "nginx latest"', 'without whitespace']],

    ['name not a DNS-1123 label', { ...valid, name: 'Web_1' }, 'web', ['invalid name "Web_1"', 'DNS-1123 label', 'at most 52 characters']],
    ['name longer than 52', { ...valid, name: 'a'.repeat(53) }, 'web', [`invalid name "${'a'.repeat(53)}"`, 'at most 52 characters', 'controller-revision-hash']],
    ['name defaulted from an invalid construct id', { ...valid }, 'Web', ['invalid name "Web" (the default, derived from the construct id; set name explicitly)', 'DNS-1123 label']],

    ['serviceName not a DNS-1035 label', { ...valid, serviceName: '1nginx' }, 'web', ['invalid serviceName "1nginx"', 'DNS-1035 label', 'starting with a letter']],
    ['serviceName defaulted from a name that starts with a digit', { ...valid, name: '1web' }, 'web', ['invalid serviceName "1web-headless" (the default, derived from <name>-headless; set serviceName explicitly)']],

    ['containerName not a DNS-1123 label', { ...valid, containerName: 'Nginx' }, 'web', ['invalid containerName "Nginx"', 'DNS-1123 label']],
    ['containerName defaulted from an image whose name is not a label', { image: 'acme/My_App:1' }, 'web', ['invalid containerName "My_App" (the default, derived from the image "acme/My_App:1"; set containerName explicitly)']],

    ['volumeName not a DNS-1123 label', { ...valid, volumeName: 'www.data' }, 'web', ['invalid volumeName "www.data"', 'DNS-1123 label']],

    ['replicas negative', { ...valid, replicas: -1 }, 'web', ['invalid replicas -1', 'an integer of at least 0']],
    ['replicas fractional', { ...valid, replicas: 1.5 }, 'web', ['invalid replicas 1.5', 'an integer of at least 0']],

    ['port 0', { ...valid, port: 0 }, 'web', ['invalid port 0', 'an integer from 1 to 65535']],
    ['port above 65535', { ...valid, port: 65536 }, 'web', ['invalid port 65536', 'an integer from 1 to 65535']],
    ['port fractional', { ...valid, port: 80.5 }, 'web', ['invalid port 80.5', 'an integer from 1 to 65535']],

    ['portName longer than 15', { ...valid, portName: 'web-server-https' }, 'web', ['invalid portName "web-server-https"', 'IANA service name', 'at most 15 characters']],
    ['portName without a letter', { ...valid, portName: '8080' }, 'web', ['invalid portName "8080"', 'at least one letter']],
    ['portName with a leading hyphen', { ...valid, portName: '-web' }, 'web', ['invalid portName "-web"', "not starting or ending with '-'"]],
    ['portName with a trailing hyphen', { ...valid, portName: 'web-' }, 'web', ['invalid portName "web-"', "not starting or ending with '-'"]],
    ['portName with a double hyphen', { ...valid, portName: 'my--web' }, 'web', ['invalid portName "my--web"', "without '--'"]],
    ['portName in upper case', { ...valid, portName: 'Web' }, 'web', ['invalid portName "Web"', 'lowercase letters']],

    ['labels empty', { ...valid, labels: {} }, 'web', ['invalid labels {}', 'at least one label']],
    ['label key with a bad name', { ...valid, labels: { '-app': 'web' } }, 'web', ['invalid labels key "-app"', 'label key']],
    ['label key with a bad prefix', { ...valid, labels: { 'Example.com/app': 'web' } }, 'web', ['invalid labels key "Example.com/app"', 'DNS-1123 subdomain prefix']],
    ['label key with two slashes', { ...valid, labels: { 'a/b/c': 'web' } }, 'web', ['invalid labels key "a/b/c"']],
    ['label key name longer than 63', { ...valid, labels: { ['k'.repeat(64)]: 'web' } }, 'web', [`invalid labels key "${'k'.repeat(64)}"`]],
    ['label value with a bad character', { ...valid, labels: { app: 'web!' } }, 'web', ['invalid labels["app"] "web!"', 'label value']],
    ['label value longer than 63', { ...valid, labels: { app: 'v'.repeat(64) } }, 'web', [`invalid labels["app"] "${'v'.repeat(64)}"`, 'at most 63 characters']],

    ['storage zero', { ...valid, storage: Size.gibibytes(0) }, 'web', ['invalid storage Size 0Gi', 'greater than zero']],
    ['storage not a whole number of bytes', { ...valid, storage: Size.kibibytes(0.0001) }, 'web', ['invalid storage Size 0.0001Ki', 'whole number of bytes']],

    ['storageClassName not a DNS-1123 subdomain', { ...valid, storageClassName: 'Fast_SSD' }, 'web', ['invalid storageClassName "Fast_SSD"', 'DNS-1123 subdomain', 'or the empty string']],

    ['accessModes empty', { ...valid, accessModes: [] }, 'web', ['invalid accessModes []', 'a non-empty list of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod']],
    ['accessModes with an unknown mode', { ...valid, accessModes: ['ReadWrite' as AccessMode] }, 'web', ['invalid accessModes ["ReadWrite"]', 'a non-empty list of']],
    ['accessModes with a duplicate', { ...valid, accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_WRITE_ONCE] }, 'web', ['invalid accessModes ["ReadWriteOnce","ReadWriteOnce"]', 'without duplicates']],
    ['ReadWriteOncePod with another mode', { ...valid, accessModes: [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_ONLY_MANY] }, 'web', ['invalid accessModes ["ReadWriteOncePod","ReadOnlyMany"]', 'either [ReadWriteOncePod] alone', 'does not allow ReadWriteOncePod with another mode']],

    ['mountPath relative', { ...valid, mountPath: 'app' }, 'web', ['invalid mountPath "app"', 'an absolute path']],
  ];

  test.each(cases)('%s', (_, props, id, fragments) => {
    let message = '';
    try {
      construct(props, id);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^StatefulWeb "test/${id}": `));
    for (const fragment of fragments) {
      expect(message).toContain(fragment);
    }
  });
});

describe('the limits themselves are allowed', () => {
  test.each<[string, StatefulWebProps]>([
    ['a 52-character name', { ...valid, name: 'a'.repeat(52), serviceName: 'svc' }],
    ['replicas 0', { ...valid, replicas: 0 }],
    ['port 1', { ...valid, port: 1 }],
    ['port 65535', { ...valid, port: 65535 }],
    ['a 15-character port name', { ...valid, portName: 'abcdefghijklmno' }],
    ['a prefixed label key and an empty label value', { ...valid, labels: { 'app.kubernetes.io/name': 'web', 'tier': '' } }],
    ['a dotted StorageClass name', { ...valid, storageClassName: 'ebs.csi.aws.com' }],
  ])('%s', (_, props) => {
    expect(() => construct(props)).not.toThrow();
  });
});
