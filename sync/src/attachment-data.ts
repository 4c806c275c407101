/**
 * What PouchDB accepts as attachment data everywhere. Its browser build stores a Blob as is
 * (reading it with FileReader); its Node build wants a Buffer or base64, and a Uint8Array
 * from a camera plugin is neither, so those become base64.
 */
export async function toAttachmentData(photo: Blob | Uint8Array): Promise<Blob | string> {
  if (photo instanceof Uint8Array) return toBase64(photo);
  if (typeof FileReader === 'function') return photo;
  return toBase64(new Uint8Array(await photo.arrayBuffer()));
}

// String.fromCharCode takes its bytes as arguments; bounded chunks stay under engines'
// argument limits for photos of several megabytes.
const CHUNK_BYTES = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + CHUNK_BYTES));
  }
  return btoa(binary);
}
