// Prettier (`npm run format` writes, `npm run format:check` checks, in CI too): one layout for the
// code, so that a diff shows what changed, not how someone spaced it. The options keep the style
// the code was written in; .prettierignore says what is left alone, and why.
/** @type {import('prettier').Config} */
export default {
  // The code's lines run long (a message, a signature, a test's expected text on one line): 140
  // keeps most of them whole, where Prettier's 80 would break thousands of lines.
  printWidth: 140,
  // Strings are single-quoted throughout, which lets the double quotes of messages go unescaped.
  singleQuote: true,
  // A list or call written over several lines ends with a comma, so that adding an item changes
  // one line (Prettier 3's default; stated, since the code relies on it).
  trailingComma: 'all',
};
