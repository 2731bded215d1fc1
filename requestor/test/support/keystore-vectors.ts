/** The secret of the Web3 Secret Storage test vectors (password "testpassword"). */
export const key = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

// The PBKDF2 test vector of the Web3 Secret Storage Definition (password "testpassword").
export const specPbkdf2 = JSON.stringify({
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
    ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
    kdf: "pbkdf2",
    kdfparams: {
      c: 262144,
      dklen: 32,
      prf: "hmac-sha256",
      salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
    },
    mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
  },
  id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
  version: 3,
});

// The same key written by ethers 6 `encryptKeystoreJson` (scrypt N=1024 to keep the test fast;
// note ethers' capital `Crypto`).
export const ethersScrypt = JSON.stringify({
  address: "008aeeda4d805471df9b2a5b0f38a0c3bcba786b",
  id: "91319a6d-c53c-4617-8609-037cd18c7a27",
  version: 3,
  Crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "71c3c6f84135d36292991c71926f0b0c" },
    ciphertext: "17743ea349e0cbd9884020a1f180049b647d62a4da40ca335d0037a0873a01c0",
    kdf: "scrypt",
    kdfparams: {
      salt: "d31bb44ebe9ccacc929b8ee781e1065515095d9dc5accbeea7ad000096eb4fb6",
      n: 1024,
      dklen: 32,
      p: 1,
      r: 8,
    },
    mac: "757a08c0232f4abd6bc11a9d366b3a9f52606c42fe68ebf8abf74683bebbb1e7",
  },
});

/** The address of {@link key}. */
export const keyAddress = "0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b";

/**
 * The {@link ethersScrypt} keystore with its KDF parameters replaced, as a hostile file would
 * ask for hours of CPU or gigabytes of memory (its MAC no longer matches: never reached).
 *
 * @example
 * hostile("pbkdf2", { c: 2 ** 31 - 1 });
 */
export function hostile(kdf: "scrypt" | "pbkdf2", kdfparams: Record<string, number>): string {
  const file = JSON.parse(ethersScrypt) as { Crypto: { kdf: string; kdfparams: object } };
  const salt = "d31bb44ebe9ccacc929b8ee781e1065515095d9dc5accbeea7ad000096eb4fb6";
  const prf = kdf === "pbkdf2" ? { prf: "hmac-sha256" } : {};
  file.Crypto.kdf = kdf;
  file.Crypto.kdfparams = { salt, dklen: 32, ...prf, ...kdfparams };
  return JSON.stringify(file);
}
