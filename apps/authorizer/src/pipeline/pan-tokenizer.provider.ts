import { EnvReader, PanTokenizer } from '@bridge/runtime';

export const PAN_TOKENIZER = Symbol('PAN_TOKENIZER');

/** PAN_HMAC_KEY (hex) or PAN_HMAC_KEY_FILE; the embedded runner writes the file into the data folder. */
export const panTokenizerProvider = {
  provide: PAN_TOKENIZER,
  useFactory: (): PanTokenizer => {
    const env = new EnvReader();
    const hex = env.optional('PAN_HMAC_KEY');
    return hex ? PanTokenizer.fromHex(hex) : PanTokenizer.fromFile(env.string('PAN_HMAC_KEY_FILE'));
  },
};
