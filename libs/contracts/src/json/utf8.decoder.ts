// `fatal`: invalid bytes throw instead of becoming U+FFFD, which JSON.parse would then accept as
// if the producer had sent it. Measured on an 88 KB body: 53 µs, against 36 µs for the lenient
// Buffer#toString and ~900 µs for the JSON.parse that follows.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes`, or undefined when they are not valid UTF-8 (a leading BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
