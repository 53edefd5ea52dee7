"""Plain Pelican for the benchmark's baseline: its default theme, no plugins,
Markdown only. Everything else is Pelican's own default."""

PATH = "content"
SITENAME = "Plain baseline"
SITEURL = ""
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"
PLUGINS = []
