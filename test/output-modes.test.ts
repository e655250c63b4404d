// Every folder a synth writes gets the mode that a plain `mkdir` gives under the user's umask, as
// the files do: other users, a CI container or a web server read the output (dist/, a consumer's
// output folder, a Helm chart's templates/). The staging folder becomes the output folder, so its
// mode is the output's.
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { ManifestApp, StatefulWeb } from '../lib';
import { temporaryFolders } from './helpers';

const tempDir = temporaryFolders('output-modes-');

function app(outdir: string): ManifestApp {
  const result = new ManifestApp({ outdir });
  new StatefulWeb(new Chart(result, 'shop'), 'web', { image: 'bitnami/nginx' });
  return result;
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe.each([0o022, 0o027, 0o002])('under the umask %o', (umask) => {
  let previous: number;
  beforeEach(() => {
    previous = process.umask(umask);
  });
  afterEach(() => {
    process.umask(previous);
  });

  /** The mode a plain mkdir gives in `parent` now. */
  function plainMkdirMode(parent: string): number {
    const probe = path.join(parent, 'plain-mkdir');
    fs.mkdirSync(probe);
    const mode = modeOf(probe);
    fs.rmdirSync(probe);
    return mode;
  }

  test('synth() writes the output folder, new or replaced, and its files with the modes of mkdir and of a new file', () => {
    const parent = tempDir();
    const outdir = path.join(parent, 'dist');
    app(outdir).synth();
    expect(modeOf(outdir)).toBe(plainMkdirMode(parent));
    expect(modeOf(outdir)).toBe(0o777 & ~umask);
    for (const file of fs.readdirSync(outdir)) expect([file, modeOf(path.join(outdir, file))]).toEqual([file, 0o666 & ~umask]);
    app(outdir).synth(); // replaces the folder
    expect(modeOf(outdir)).toBe(0o777 & ~umask);
  });

  test("a folder nested in a new parent, and the synth stream's folder", () => {
    const parent = tempDir();
    const outdir = path.join(parent, 'a', 'b');
    app(outdir).synth();
    expect([modeOf(path.join(parent, 'a')), modeOf(outdir)]).toEqual([0o777 & ~umask, 0o777 & ~umask]);
    const stream = path.join(parent, 'stream');
    app(stream).synthStream();
    expect(modeOf(stream)).toBe(0o777 & ~umask);
  });

  test("a Helm chart's templates/ (cdk8s synth --format helm)", () => {
    const chart = tempDir();
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: "v2"\nname: "web"\nversion: "1.0.0"\n');
    const templates = path.join(chart, 'templates');
    const result = app(templates)._synthesize({ env: { CDK8S_OUTDIR: templates } });
    expect(result.written).toBe(true);
    expect(modeOf(templates)).toBe(0o777 & ~umask);
  });
});
