const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const RANDOM_CHARS = 25;
// 252 = 7 × 36: bytes from 252 up are drawn again so that every character is equally likely.
const UNBIASED_BYTE_LIMIT = 252;

/**
 * A report id made on the phone: `r` + 25 random lowercase letters and digits (about 129
 * bits), so that the id is the idempotency key from the first save to the server's case.
 */
export function newReportId(
  fillRandom: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  let id = 'r';
  while (id.length <= RANDOM_CHARS) {
    for (const byte of fillRandom(new Uint8Array(RANDOM_CHARS * 2))) {
      if (byte < UNBIASED_BYTE_LIMIT && id.length <= RANDOM_CHARS) {
        id += ALPHABET[byte % ALPHABET.length];
      }
    }
  }
  return id;
}
