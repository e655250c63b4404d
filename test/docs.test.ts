// The sections of docs/ that the code defines (scripts/docs/generate.ts) are what the code says.
import { generateDocs } from '../scripts/docs/generate';

test('the generated sections of docs/ are up to date (npm run docs)', () => {
  expect(generateDocs(true)).toEqual([]);
});
