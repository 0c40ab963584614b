/** A configuration value that stops the process at start; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration ${variable}: ${detail}`);
  }
}
