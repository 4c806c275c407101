import sharp from 'sharp';

/**
 * What a photo is, judged only from its first bytes. A file name or a declared content type is
 * whatever the sender chose; the bytes are what libvips would actually parse, so they decide.
 * Anything not listed here (SVG, PDF, TIFF, text, HTML, ...) never reaches a decoder: SVG in
 * particular would be rasterised by librsvg, which fetches and parses far more than a photo needs.
 */
export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'avif';

/** The name sharp's metadata() gives each format's decoder, to cross-check the sniffed format. */
export const SHARP_DECODER: Record<PhotoFormat, string> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  heic: 'heif',
  avif: 'heif',
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

export function sniffFormat(bytes: Buffer): PhotoFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'jpeg';
  }
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  const ascii = bytes.subarray(0, 12).toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  return sniffIsoBmff(bytes);
}

/** HEIC and AVIF are ISO-BMFF files: a leading `ftyp` box lists the brands the file conforms to. */
function sniffIsoBmff(bytes: Buffer): PhotoFormat | undefined {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return undefined;
  const boxEnd = Math.min(bytes.readUInt32BE(0), bytes.length, 4096);
  const brands = [bytes.toString('latin1', 8, 12)];
  for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(bytes.toString('latin1', at, at + 4));
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  return undefined;
}

/**
 * Whether the installed libvips can decode a format. sharp's prebuilt libvips carries libheif
 * with the AV1 decoder only (HEVC is patent-encumbered), and libvips lists a HEIF suffix only
 * when libheif has a decoder for it, so the suffix list tells HEIC apart from AVIF support.
 */
export function canDecode(format: PhotoFormat): boolean {
  if (format !== 'heic' && format !== 'avif') return true;
  const suffixes: readonly string[] = sharp.format.heif?.input.fileSuffix ?? [];
  return suffixes.includes(format === 'heic' ? '.heic' : '.avif');
}
