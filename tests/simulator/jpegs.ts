import sharp from 'sharp';

/**
 * Small real JPEGs for the simulated phones, different per seed, so the server's photo
 * pipeline decodes, orients and resizes each one for real.
 */
const WIDTH_PX = 160;
const HEIGHT_PX = 120;

export async function smallJpeg(seed: number): Promise<Uint8Array> {
  const pixels = Buffer.alloc(WIDTH_PX * HEIGHT_PX * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + seed * 31 + (i >> 9)) % 256;
  const jpeg = await sharp(pixels, { raw: { width: WIDTH_PX, height: HEIGHT_PX, channels: 3 } })
    .jpeg({ quality: 70 })
    .toBuffer();
  return new Uint8Array(jpeg);
}
