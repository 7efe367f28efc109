// Screenshot of nbs/30_widgets.ipynb run in JupyterLab in headless Chromium (used by `make screenshot-widgets`).
// Needs Debian's chromium and npm's playwright-core; JupyterLab must be serving the checkout on port 8899.
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  await page.goto('http://localhost:8899/lab/tree/nbs/30_widgets.ipynb', { waitUntil: 'networkidle', timeout: 60000 });
  await page.waitForSelector('.jp-Notebook', { timeout: 60000 });
  await page.waitForTimeout(4000);
  // dismiss any dialog (kernel selection), then Run All via the command palette
  const dlg = await page.$('.jp-Dialog-button.jp-mod-accept'); if (dlg) await dlg.click();
  await page.click('.jp-Notebook');
  await page.keyboard.press('Control+Shift+C');
  await page.waitForSelector('.jp-CommandPalette input, input.lm-CommandPalette-input', { timeout: 10000 });
  await page.keyboard.type('Run All Cells');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(45000);
  const w = await page.$$('.widget-slider, .jupyter-widgets');
  console.log('widget elements:', w.length);
  const out = await page.$$('.js-plotly-plot');
  console.log('plotly plots:', out.length);
  // scroll the widget view into sight
  const target = await page.$('.widget-hslider, .jupyter-widgets.widget-vbox');
  if (target) await target.scrollIntoViewIfNeeded();
  await page.waitForTimeout(3000);
  await page.screenshot({ path: process.argv[2] || '/tmp/widgets.png' });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
