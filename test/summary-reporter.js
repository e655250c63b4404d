// Prints one closing line, "jest: N passed, N failed, N skipped", in the plain form that CI
// systems read, after Jest's own summary (whose "Tests: N passed, N total" they do not).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stderr.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
