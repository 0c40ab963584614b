/** DE70 network management information codes the bridge answers 00 (0800 → 0810; docs/wire-format.md). */
export const DE70_CODES = { signon: '001', signoff: '002', echo: '301' } as const;

export type NetworkCommand = keyof typeof DE70_CODES;
export type De70 = (typeof DE70_CODES)[NetworkCommand];

/** What each code asks, in ISO 8583:1987's words. */
export const DE70_MEANING = { '001': 'sign-on', '002': 'sign-off', '301': 'echo test' } as const satisfies Record<De70, string>;

/** True for a code the bridge answers 00; any other DE70 gets 12. */
export function isKnownDe70(code: unknown): code is De70 {
  return typeof code === 'string' && Object.hasOwn(DE70_MEANING, code);
}
