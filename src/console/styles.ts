/** The console's only stylesheet, served at /console/console.css: readable on a phone first; wide tables scroll sideways. A TS string so it ships in the compiled build with no copy step. */
export const CONSOLE_CSS = `
:root { --fg: #1b2430; --muted: #5b6675; --line: #d9dee5; --accent: #0b5cab; --bg: #f6f8fa; --warn: #a35200; --ok: #1d7a3a; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { background: var(--accent); color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
header a { color: #fff; text-decoration: none; padding: .25rem 0; }
header a[aria-current] { font-weight: 700; text-decoration: underline; }
header .who { margin-left: auto; font-size: .9rem; }
header form { display: inline; }
main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }
.table { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: .5rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; min-width: 14rem; }
th { background: #eef2f6; font-weight: 600; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .15rem; }
input, select, textarea, button { font: inherit; padding: .45rem .55rem; border: 1px solid var(--line); border-radius: .4rem; background: #fff; color: var(--fg); }
button, .button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; text-decoration: none; display: inline-block; padding: .45rem .8rem; border-radius: .4rem; }
button.secondary { background: #fff; color: var(--accent); }
.muted { color: var(--muted); }
.warn { color: var(--warn); font-weight: 600; }
.ok { color: var(--ok); }
.error { background: #fdecea; border: 1px solid #f5c2bd; padding: .6rem .8rem; border-radius: .4rem; margin-bottom: 1rem; }
.notice { background: #e8f3ea; border: 1px solid #b9dcc1; padding: .6rem .8rem; border-radius: .4rem; margin-bottom: 1rem; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin-bottom: 1rem; }
.stat { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .7rem; }
.stat b { display: block; font-size: 1.4rem; }
.login { max-width: 22rem; margin: 3rem auto; }
.login label { margin-bottom: .75rem; }
.timeline { list-style: none; padding: 0; margin: 0; }
.timeline li { border-left: 3px solid var(--accent); padding: .2rem 0 .6rem .7rem; }
.chat { display: flex; flex-direction: column; gap: .4rem; }
.bubble { max-width: 85%; padding: .5rem .7rem; border-radius: .8rem; white-space: pre-wrap; }
.bubble.user { align-self: flex-end; background: var(--accent); color: #fff; }
.bubble.bot { align-self: flex-start; background: #fff; border: 1px solid var(--line); }
.choices { display: flex; flex-wrap: wrap; gap: .3rem; }
.pager { display: flex; gap: .5rem; align-items: center; margin-top: .75rem; }
svg.chart { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: .5rem; }
@media (max-width: 40rem) { main { padding: .6rem; } th, td { padding: .4rem; } }
`;
