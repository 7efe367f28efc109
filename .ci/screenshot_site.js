// PNGs of pages of the built documentation site, served from SITE_DIR on a local port, in headless Chromium.
// Usage: node .ci/screenshot_site.js SITE_DIR OUT.png PAGE [OUT.png PAGE ...]   (needs Debian chromium + npm playwright-core)
// A page with a figure is scrolled so that its first figure is in view (the home page has none: its top is shot).
const { chromium } = require('playwright-core');
const http = require('http'), fs = require('fs'), path = require('path');
const TYPES = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.woff2': 'font/woff2' };
(async () => {
  const [root, ...pairs] = process.argv.slice(2);
  if (!root || pairs.length < 2 || pairs.length % 2) {
    console.error('usage: node .ci/screenshot_site.js SITE_DIR OUT.png PAGE [OUT.png PAGE ...]'); process.exit(2);
  }
  const server = http.createServer((req, res) => {
    let p = path.join(root, decodeURIComponent(req.url.split('?')[0]));
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
    if (!fs.existsSync(p)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(p)] || 'application/octet-stream' });
    fs.createReadStream(p).pipe(res);
  }).listen(0);
  const port = server.address().port;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  for (let i = 0; i < pairs.length; i += 2) {
    const [out, rel] = [pairs[i], pairs[i + 1]];
    const resp = await page.goto(`http://127.0.0.1:${port}/${rel}`, { waitUntil: 'load', timeout: 60000 });
    if (!resp || resp.status() !== 200) throw new Error(`${rel}: HTTP ${resp && resp.status()}`);
    const img = page.locator('article img').first();
    if (await img.count()) {
      await img.scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -220));   // the heading above the figure in view too
    }
    await page.waitForTimeout(500);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`${out}: ${rel}`);
  }
  await browser.close(); server.close();
})().catch(e => { console.error(e); process.exit(1); });
