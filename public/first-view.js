// The first view written at build time: index.html holds the dashboard's top
// (header, source line, range, filters and summary tiles) as the app draws it
// for the bundled sample, in English and the light theme, at a phone's width
// (public/first-view.html, made by scripts/first-view.mjs). It is shown while
// the app loads only when the app will open exactly that view: no address
// parameters, no files kept or last opened in this browser, the light theme,
// and English as the language the app picks (src/ui/state/lang.rs and
// theme.rs make the same choices). The app removes it and shows itself in one
// frame once its own view is ready (src/ui/app.rs). It runs before the body is
// parsed, so the page never paints the wrong first view.
(() => {
  try {
    if (location.search || location.hash.length > 1) return;
    const stored = (key) => localStorage.getItem(key);
    if (stored('pi.kept-files') || stored('pi.last-opened')) return;
    const theme = stored('partner-insights-theme');
    const dark = theme ? theme !== 'light' : matchMedia('(prefers-color-scheme: dark)').matches;
    if (dark) return;
    const known = ['en', 'fr', 'nl', 'sv'];
    const primary = (code) => code.split(/[-_]/)[0].toLowerCase();
    const picked = [stored('partner-insights-lang'), ...(navigator.languages || [navigator.language])]
      .filter(Boolean).map(primary).find((code) => known.includes(code));
    if ((picked || 'en') !== 'en') return;
    document.documentElement.setAttribute('data-first-view', '');
  } catch {
    // Storage refused (a privacy setting): the app's own loading view.
  }
})();
