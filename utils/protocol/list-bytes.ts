/**
 * A list file's bytes in an intent. What crosses `runtime.sendMessage` is
 * JSON (Chrome serialises its payloads), which has no bytes,
 * so the options page sends an imported file as base64 and the background
 * decodes it; the list parser then reads the bytes in their own encoding
 * (UTF-8, or UTF-16 by its byte-order mark: utils/core/lists/index.ts).
 */

/** Bytes a call to `String.fromCharCode` takes at once, well under engines' argument limits. */
const CHUNK = 0x8000;

/** Base64 of `bytes` (RFC 4648 §4, with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

/** The bytes of base64 text; throws a `DOMException` (`InvalidCharacterError`) when it is not base64. */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
