// Jest's default output, then one plain closing line: "jest: N passed, N failed, N skipped".
// Jest appends its own summary after custom reporters, so this reporter wraps both built-ins.
const { DefaultReporter, SummaryReporter } = require('@jest/reporters');

class ClosingLineReporter {
  constructor(globalConfig, options, context) {
    this.reporters = [new DefaultReporter(globalConfig), new SummaryReporter(globalConfig, options)];
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
  onTestResult(...args) {
    for (const r of this.reporters) r.onTestResult?.(...args);
  }
  async onRunComplete(contexts, results) {
    for (const r of this.reporters) await r.onRunComplete?.(contexts, results);
    const skipped = results.numPendingTests + results.numTodoTests;
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
