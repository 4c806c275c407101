import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

// Regenerates the PNG app icons from the SVG; the PNGs are committed so a build needs no sharp.
const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const ICON_SIZES_PX = [192, 512];

const svg = await readFile(`${PUBLIC_DIR}favicon.svg`);
for (const size of ICON_SIZES_PX) {
  await sharp(svg, { density: 300 })
    .resize(size, size)
    .png()
    .toFile(`${PUBLIC_DIR}icons/icon-${size}.png`);
}
