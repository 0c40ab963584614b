import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptKeystoreJsonSync, HDNodeWallet, keccak256, Mnemonic, toUtf8Bytes } from 'ethers';
import { ConfigError } from './config-error';
import { CARD_WALLET_PATH, SPENDER_PATH } from './derivation-paths';
import { KeyStore } from './key-store';

const PHRASE = 'test test test test test test test test test test test junk'; // anvil's public dev mnemonic

describe('KeyStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keystore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('derives BIP-44 wallets from a mnemonic file', () => {
    writeFileSync(join(dir, 'm'), PHRASE);
    const keys = KeyStore.fromMnemonicFile(join(dir, 'm'));
    expect(keys.address(CARD_WALLET_PATH(0))).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'); // anvil account 0
  });

  it('loads the same wallets from an encrypted ethers JSON keystore, and refuses a wrong password', async () => {
    const hd = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(PHRASE));
    const account = { address: hd.address, privateKey: hd.privateKey, mnemonic: { path: hd.path!, locale: 'en', entropy: hd.mnemonic!.entropy } };
    writeFileSync(join(dir, 'ks.json'), encryptKeystoreJsonSync(account, 'correct horse', { scrypt: { N: 1 << 10 } })); // low N: a test
    const keys = await KeyStore.fromKeystoreFile(join(dir, 'ks.json'), 'correct horse');
    expect(keys.address(CARD_WALLET_PATH(1))).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'); // anvil account 1
    await expect(KeyStore.fromKeystoreFile(join(dir, 'ks.json'), 'wrong')).rejects.toThrow();
  });

  it('signs payments with the key ethers derives at each path, derived once per path', () => {
    writeFileSync(join(dir, 'm'), PHRASE);
    const keys = KeyStore.fromMnemonicFile(join(dir, 'm'));
    const digest = keccak256(toUtf8Bytes('payment'));
    for (const path of [CARD_WALLET_PATH(0), CARD_WALLET_PATH(7), SPENDER_PATH(2), "m/44'/60'/0'/1/3", CARD_WALLET_PATH(7)]) {
      expect(keys.digestSigner(path).sign(digest).serialized).toBe(keys.signer(path).signingKey.sign(digest).serialized);
    }
    expect(keys.digestSigner(CARD_WALLET_PATH(7))).toBe(keys.digestSigner(CARD_WALLET_PATH(7)));
    expect(() => keys.digestSigner('m')).toThrow(RangeError);
    expect(() => keys.digestSigner("m/44'/x")).toThrow(RangeError);
  });

  it('names the variable when the mnemonic file is not a mnemonic', () => {
    writeFileSync(join(dir, 'bad'), 'not a mnemonic');
    expect(() => KeyStore.fromMnemonicFile(join(dir, 'bad'))).toThrow(ConfigError);
    expect(() => KeyStore.fromMnemonicFile(join(dir, 'bad'))).toThrow(/WALLET_MNEMONIC_FILE/);
  });
});
