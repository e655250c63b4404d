// `npm run synth`: synthesizes the app of main.ts into dist/.
//
// The manifests are written to a staging folder beside dist/ and swapped in only when synthesis
// succeeded, so a failed synth never leaves a half-written or empty dist/ for a GitOps pipeline.
import * as fs from 'fs';
import * as path from 'path';
import { buildApp } from '../main';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const staging = fs.mkdtempSync(path.join(root, '.dist-staging-'));
const previous = `${staging}-previous`;

try {
  const app = buildApp(staging);
  const files = app.synthFiles();
  if (fs.existsSync(dist)) fs.renameSync(dist, previous);
  fs.renameSync(staging, dist);
  fs.rmSync(previous, { recursive: true, force: true });
  for (const file of files) console.log(`  - ${path.relative(process.cwd(), path.join(dist, file))}`);
} catch (error) {
  fs.rmSync(staging, { recursive: true, force: true });
  if (!fs.existsSync(dist) && fs.existsSync(previous)) fs.renameSync(previous, dist);
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
