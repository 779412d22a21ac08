// Renders the PNG icons of public/ from public/icon.svg with Debian's Chromium (PNG icons are what every
// browser's install prompt accepts). Run after changing the SVG:  npx tsx key/web/render-icons.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const publicDir = new URL('public/', import.meta.url);
const rounded = readFileSync(new URL('icon.svg', publicDir), 'utf8');
// Maskable and Apple icons are cropped by the system, so their background must fill the whole square.
const square = rounded.replace(/ rx="\d+"/, '');

const icons: Array<[file: string, svg: string, size: number]> = [
  ['icon-192.png', rounded, 192],
  ['icon-512.png', rounded, 512],
  ['icon-maskable-512.png', square, 512],
  ['apple-touch-icon.png', square, 180],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const [file, svg, size] of icons) {
    await page.setViewportSize({ width: size, height: size });
    const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<body style="margin:0"><img src="${source}" width="${size}" height="${size}" style="display:block"></body>`,
    );
    writeFileSync(new URL(file, publicDir), await page.screenshot({ omitBackground: true }));
  }
} finally {
  await browser.close();
}
