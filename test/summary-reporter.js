// Jest's default output, then one plain closing line: "jest: N passed, N failed, N skipped".
// Jest appends its own summary after custom reporters, so this reporter wraps both built-ins.
// A file whose tests are all skipped gets no line of its own from the default reporter, and its console
// output (the "SKIPPED: why" a test prints when a service or browser is missing) is dropped with it:
// this reporter lists every file with skipped tests and those lines before the closing line.
const { DefaultReporter, SummaryReporter } = require('@jest/reporters');

class ClosingLineReporter {
  constructor(globalConfig, options, context) {
    this.reporters = [new DefaultReporter(globalConfig), new SummaryReporter(globalConfig, options)];
    this.skips = [];
    this.rootDir = globalConfig.rootDir;
    void context;
  }

  onRunStart(...args) {
    for (const r of this.reporters) r.onRunStart?.(...args);
  }
  onTestStart(...args) {
    for (const r of this.reporters) r.onTestStart?.(...args);
  }
  onTestCaseStart(...args) {
    for (const r of this.reporters) r.onTestCaseStart?.(...args);
  }
  onTestCaseResult(...args) {
    for (const r of this.reporters) r.onTestCaseResult?.(...args);
  }
  onTestResult(test, testResult, aggregated) {
    for (const r of this.reporters) r.onTestResult?.(test, testResult, aggregated);
    const skipped = testResult.numPendingTests + testResult.numTodoTests;
    if (!skipped) return;
    const why = (testResult.console ?? []).map((e) => e.message).filter((m) => m.startsWith('SKIPPED:'));
    const file = testResult.testFilePath.startsWith(this.rootDir) ? testResult.testFilePath.slice(this.rootDir.length + 1) : testResult.testFilePath;
    this.skips.push(`${file}: ${skipped} skipped${why.length ? ` — ${why.join(' ')}` : ''}`);
  }
  async onRunComplete(contexts, results) {
    for (const r of this.reporters) await r.onRunComplete?.(contexts, results);
    const skipped = results.numPendingTests + results.numTodoTests;
    if (this.skips.length) process.stderr.write(`\nSkipped:\n${this.skips.map((l) => `  ${l}`).join('\n')}\n`);
    process.stderr.write(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
  getLastError() {
    for (const r of this.reporters) {
      const e = r.getLastError?.();
      if (e) return e;
    }
    return undefined;
  }
}
module.exports = ClosingLineReporter;
