// PNG of a standalone HTML page (e.g. a benchmark's plotly figure) in headless Chromium, for the README.
// Usage: node .ci/screenshot_html.js IN.html OUT.png [width height]   (needs Debian chromium + npm playwright-core)
const { chromium } = require('playwright-core');
const path = require('path');
(async () => {
  const [inp, outp, w, h] = process.argv.slice(2);
  if (!inp || !outp) { console.error('usage: node .ci/screenshot_html.js IN.html OUT.png [width height]'); process.exit(2); }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: +(w || 1000), height: +(h || 560) } });
  await page.goto('file://' + path.resolve(inp), { waitUntil: 'load', timeout: 60000 });
  await page.waitForSelector('.js-plotly-plot .main-svg', { timeout: 30000 });   // plotly drew: fails if plotly.js is missing
  await page.waitForTimeout(500);
  await page.screenshot({ path: outp });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
