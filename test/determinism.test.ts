import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

// Synthesis is deterministic: the app, run as its own process the way `cdk8s synth` runs it
// (`node --require tsx/cjs main.ts`, output folder from CDK8S_OUTDIR), writes the same file
// names with the same bytes whatever the working directory, time zone and locale, and those are
// the bytes committed in dist/. (CI also fails when `npm run synth` changes dist/: see .ci/run.)
//
// One run is enough, in an environment as unlike the usual as can be: another folder, a time zone
// with a 45-minute offset and Turkish. Its output must equal, byte for byte, dist/ as committed,
// which was written by a run in the repository, in its author's time zone and locale; and CI
// regenerates dist/ in its own environment and fails if one byte differs. So two environments
// (commit and CI) already agree with each other: a second run here, in the repository with
// TZ=UTC and LANG=C, would prove nothing that these two do not, and costs a process (~0.3 s).

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const tsx = require.resolve('tsx/cjs'); // absolute: the run is outside the repository

/** File name → bytes, of every file in a folder. */
function contents(folder: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(folder).sort().map((file) => [file, fs.readFileSync(path.join(folder, file))]));
}

describe('a synth of the app', () => {
  let outdir: string;
  beforeAll(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-determinism-')); });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('in another folder, time zone and locale gives the bytes committed in dist/', async () => {
    await promisify(execFile)(process.execPath, ['--require', tsx, path.join(root, 'main.ts')], {
      cwd: os.tmpdir(),
      // UTC+12:45/+13:45, and Turkish, whose dotted and dotless i break locale-sensitive code.
      env: { ...process.env, CDK8S_OUTDIR: outdir, TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    });
    const committed = contents(dist);
    const fresh = contents(outdir);

    expect(committed.size).toBeGreaterThan(0);
    expect([...fresh.keys()]).toEqual([...committed.keys()]);
    for (const [file, bytes] of fresh) {
      // Compared as text first for a readable diff, then as bytes (line endings, encoding).
      expect(`${file}:\n${bytes.toString('utf-8')}`).toEqual(`${file}:\n${committed.get(file)!.toString('utf-8')}`);
      expect(bytes.equals(committed.get(file)!)).toBe(true);
    }
  }, 60_000);
});
